package org.perfsim.guest;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.perfsim.wire.CborSerializable;

/**
 * One guest VM on a simulated host: its vCPUs, its memory map, its workload and its health. The host
 * drives it in simulated time; the guest answers every command with where it stands now.
 */
public final class GuestVm extends AbstractBehavior<GuestVm.Command> {

  /** What the host asks of its guest. */
  public sealed interface Command extends CborSerializable permits AdvanceClock, Shutdown, GetStatus {}

  /** Simulated time has reached {@code nowNanos}: let the reboot policy act. */
  public record AdvanceClock(long nowNanos, ActorRef<StepResult> replyTo) implements Command {}

  /** The operator shuts the guest down at simulated time {@code atNanos}. */
  public record Shutdown(long atNanos, ActorRef<StepResult> replyTo) implements Command {}

  /** Asks for the guest's counters and state. */
  public record GetStatus(ActorRef<StatusReply> replyTo) implements Command {}

  /**
   * The guest after a command: its state, what happened to it during the command (in time order) and when
   * it will change by itself next ({@link GuestLifecycle#NEVER} if it will not).
   */
  public record StepResult(int guestId, GuestState state, List<GuestEvent> events, long nextChangeAtNanos)
      implements CborSerializable {}

  /** The guest's counters, for reports and tests. */
  public record StatusReply(int guestId, GuestState state, int panics, int processesKilled,
      int latentCorruptions) implements CborSerializable {}

  private final int guestId;
  private final GuestProfile profile;
  private final GuestLifecycle lifecycle;

  private GuestVm(ActorContext<Command> context, int guestId, GuestProfile profile) {
    super(context);
    this.guestId = guestId;
    this.profile = profile;
    this.lifecycle = new GuestLifecycle(guestId, profile.reboot());
  }

  /** A freshly booted guest built as {@code profile} says. */
  public static Behavior<Command> create(int guestId, GuestProfile profile) {
    return Behaviors.setup(context -> new GuestVm(context, guestId, profile));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(AdvanceClock.class, this::onAdvanceClock)
        .onMessage(Shutdown.class, this::onShutdown)
        .onMessage(GetStatus.class, this::onGetStatus)
        .build();
  }

  private Behavior<Command> onAdvanceClock(AdvanceClock command) {
    List<GuestEvent> events = new ArrayList<>();
    lifecycle.advanceTo(command.nowNanos(), events);
    command.replyTo().tell(stepResult(events));
    return this;
  }

  private Behavior<Command> onShutdown(Shutdown command) {
    List<GuestEvent> events = new ArrayList<>();
    lifecycle.advanceTo(command.atNanos(), events);
    lifecycle.stop(command.atNanos(), events);
    command.replyTo().tell(stepResult(events));
    return this;
  }

  private Behavior<Command> onGetStatus(GetStatus command) {
    command.replyTo().tell(new StatusReply(guestId, lifecycle.state(), lifecycle.panics(),
        lifecycle.processesKilled(), lifecycle.latentCorruptions()));
    return this;
  }

  private StepResult stepResult(List<GuestEvent> events) {
    return new StepResult(guestId, lifecycle.state(), List.copyOf(events), lifecycle.nextChangeAtNanos());
  }
}
