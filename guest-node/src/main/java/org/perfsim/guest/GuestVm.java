package org.perfsim.guest;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.perfsim.pmu.GuestPhysicalWrite;
import org.perfsim.session.GuestSpec;
import org.perfsim.vm.Guest;
import org.perfsim.vm.GuestReport;
import org.perfsim.vm.GuestSnapshot;
import org.perfsim.vm.GuestState;
import org.perfsim.wire.CborSerializable;

/**
 * One guest VM on a simulated host: its vCPUs, its memory map, its workload and its health (the domain's
 * {@link Guest}). The host drives it in simulated time, one batch of PEBS writes per step; the guest
 * answers every command with where it stands now.
 */
public final class GuestVm extends AbstractBehavior<GuestVm.Command> {

  /** What the host asks of its guest. */
  public sealed interface Command extends CborSerializable permits ApplyWrites, Shutdown, GetStatus {}

  /**
   * The writes that landed in this guest during a step (time order, possibly none), and the host time at
   * the end of the step: the guest applies them, lets its reboot policy act, and reports.
   */
  public record ApplyWrites(long nowNanos, List<GuestPhysicalWrite> writes, ActorRef<Reported> replyTo)
      implements Command {}

  /** The operator shuts the guest down at host time {@code atNanos}. */
  public record Shutdown(long atNanos, ActorRef<Reported> replyTo) implements Command {}

  /** Asks for the guest's counters and state. */
  public record GetStatus(ActorRef<Status> replyTo) implements Command {}

  /**
   * The guest's report after a command, and the guest at rest after it (what its host keeps so that it can be
   * rebuilt elsewhere as it was).
   */
  public record Reported(GuestReport report, GuestSnapshot atRest) implements CborSerializable {
    /** A report without the guest's snapshot (tests that only look at the report). */
    public Reported(GuestReport report) {
      this(report, null);
    }
  }

  /** The guest's counters, for reports and tests. */
  public record Status(int guestId, GuestState state, int panics, int processesKilled, int latentCorruptions,
      long bytesWritten) implements CborSerializable {}

  private final Guest guest;

  private GuestVm(ActorContext<Command> context, Guest guest) {
    super(context);
    this.guest = guest;
  }

  /** A freshly booted guest built as {@code spec} says. */
  public static Behavior<Command> create(GuestSpec spec) {
    return Behaviors.setup(context -> new GuestVm(context, spec.boot()));
  }

  /** The guest {@code spec} as {@code atRest} recorded it (its host was rebuilt from a snapshot). */
  public static Behavior<Command> restored(GuestSpec spec, GuestSnapshot atRest) {
    return Behaviors.setup(context -> new GuestVm(context, Guest.restored(spec.layout(), spec.reboot(), atRest)));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(ApplyWrites.class, this::onApplyWrites)
        .onMessage(Shutdown.class, this::onShutdown)
        .onMessage(GetStatus.class, this::onGetStatus)
        .build();
  }

  private Behavior<Command> onApplyWrites(ApplyWrites command) {
    GuestReport report = guest.apply(command.writes(), command.nowNanos(), new ArrayList<>());
    command.replyTo().tell(new Reported(report, guest.snapshot()));
    return this;
  }

  private Behavior<Command> onShutdown(Shutdown command) {
    GuestReport report = guest.stop(command.atNanos(), new ArrayList<>());
    command.replyTo().tell(new Reported(report, guest.snapshot()));
    return this;
  }

  private Behavior<Command> onGetStatus(GetStatus command) {
    var lifecycle = guest.lifecycle();
    command.replyTo().tell(new Status(guest.guestId(), lifecycle.state(), lifecycle.panics(),
        lifecycle.processesKilled(), lifecycle.latentCorruptions(), guest.memory().bytesWritten()));
    return this;
  }
}
