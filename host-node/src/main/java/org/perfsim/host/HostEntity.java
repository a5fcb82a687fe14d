package org.perfsim.host;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.perfsim.events.PerfGeneration;
import org.perfsim.guest.GuestVm;
import org.perfsim.metrics.FleetMetrics;
import org.perfsim.pmu.GuestPhysicalWrite;
import org.perfsim.session.HostSimulation;
import org.perfsim.session.HostSpec;
import org.perfsim.session.RunningSession;
import org.perfsim.session.SessionResult;
import org.perfsim.session.SessionStart;
import org.perfsim.session.StepWrites;
import org.perfsim.vm.GuestEvent;
import org.perfsim.vm.GuestReport;
import org.perfsim.vm.GuestState;
import org.perfsim.wire.CborSerializable;

/**
 * One simulated host, a Cluster Sharding entity (so hosts spread over every JVM that joins): its CPU,
 * kernel policy, perf binary and pCPUs, and its guests as child {@link GuestVm} actors. A perf session
 * runs step by step in simulated time: the host's {@link RunningSession} emulates every pCPU's PMU for a
 * step, each guest that was written to gets one batched message, and the next step waits for every reply
 * (so a guest that panicked is no longer scheduled). Sessions queue; the host clock runs on between them.
 */
public final class HostEntity extends AbstractBehavior<HostEntity.Command> {

  /** The entity type hosts are sharded under. */
  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Host");

  /** What the fleet asks of a host. */
  public sealed interface Command extends CborSerializable
      permits Provision, StartSession, Describe, Stop, CancelSession, StopGuest, RebootGuest, GuestAnswered,
      GuestStopped, NextStep {}

  /** Builds the host as {@code profile} says, with freshly booted guests (any earlier ones are shut down). */
  public record Provision(HostProfile profile, ActorRef<Provisioned> replyTo) implements Command {}

  /**
   * Runs {@code argv} ({@code perf record ...}) with the host's perf binary, or {@code perfOverride}
   * ({@code 3.6}, {@code modern}…), deterministic under {@code seed}.
   */
  public record StartSession(List<String> argv, Optional<String> perfOverride, long seed,
      ActorRef<SessionFinished> replyTo) implements Command {}

  /** Asks where the host lives and how its guests are. */
  public record Describe(ActorRef<Description> replyTo) implements Command {}

  /**
   * Stops perf at once in the running session (which then reports what it had, noting the cancel) and
   * refuses the sessions queued behind it. Nothing happens when no session is running or queued.
   */
  public record CancelSession() implements Command {}

  /**
   * Shuts one guest down: its vCPUs no longer run. Like provisioning, it waits for a running session to end.
   * The reply's state is empty when the host has no such guest.
   */
  public record StopGuest(int guestId, ActorRef<GuestChanged> replyTo) implements Command {}

  /**
   * Boots one guest afresh (fresh memory, RUNNING; its damage counters are kept). Like provisioning, it waits
   * for a running session to end. The reply's state is empty when the host has no such guest.
   */
  public record RebootGuest(int guestId, ActorRef<GuestChanged> replyTo) implements Command {}

  /** Ends the entity (the message Cluster Sharding sends when it moves or passivates the host). */
  public record Stop() implements Command {}

  /** A guest's report after a step (the host's adapter wraps it). */
  record GuestAnswered(GuestVm.Reported reported) implements Command {}

  /** A guest's answer to {@link StopGuest}. */
  record GuestStopped(StopGuest command, GuestVm.Reported reported) implements Command {}

  /** Runs the next step of the current session (a message, so the host stays responsive between steps). */
  record NextStep() implements Command {}

  /** The host is ready, and where it lives. */
  public record Provisioned(String hostId, String nodeAddress, int guests) implements CborSerializable {}

  /** A session's result on this host, and the node that ran it. */
  public record SessionFinished(String hostId, String nodeAddress, SessionResult result)
      implements CborSerializable {}

  /** The host now: where it lives, its clock, every guest's state and what PEBS writes did to each guest. */
  public record Description(String hostId, String nodeAddress, Optional<HostProfile> profile, long clockNanos,
      Map<Integer, GuestState> guests, Map<Integer, GuestDamage> damage) implements CborSerializable {}

  /** A guest after {@link StopGuest} or {@link RebootGuest}; {@code state} is empty when there is no such guest. */
  public record GuestChanged(String hostId, int guestId, Optional<GuestState> state) implements CborSerializable {}

  /**
   * What PEBS writes did to one guest since it was provisioned (reboots keep the counts).
   *
   * @param lastPanicReason the guest console's text for its last panic, empty if it never panicked
   */
  public record GuestDamage(int panics, int processesKilled, int latentCorruptions, String lastPanicReason)
      implements CborSerializable {
    public static final GuestDamage NONE = new GuestDamage(0, 0, 0, "");

    GuestDamage plus(GuestEvent event) {
      return switch (event.kind()) {
        case PANICKED -> new GuestDamage(panics + 1, processesKilled, latentCorruptions, event.detail());
        case PROCESS_KILLED -> new GuestDamage(panics, processesKilled + 1, latentCorruptions, lastPanicReason);
        case MEMORY_CORRUPTED -> new GuestDamage(panics, processesKilled, latentCorruptions + 1, lastPanicReason);
        default -> this;
      };
    }
  }

  private final String hostId;
  private final String nodeAddress;
  private final ActorRef<GuestVm.Reported> guestReplies;
  private final List<ActorRef<GuestVm.Command>> guests = new ArrayList<>();
  /** Provisions and sessions that arrived while a session ran, in arrival order. */
  private final ArrayDeque<Command> queued = new ArrayDeque<>();
  private final Map<Integer, GuestReport> lastReports = new java.util.TreeMap<>();
  private final Map<Integer, GuestDamage> damage = new java.util.TreeMap<>();
  private final Duration step;
  private final FleetMetrics metrics;
  private long sessionStartedWallNanos;
  private HostProfile profile;
  private HostSpec spec;
  private int generation;
  private long clockNanos;
  private RunningSession running;
  private StartSession runningFor;
  private final List<GuestReport> awaitedReports = new ArrayList<>();
  private int awaiting;
  private boolean cancelRequested;

  private HostEntity(ActorContext<Command> context, String hostId, Duration step) {
    super(context);
    this.hostId = hostId;
    this.step = step;
    this.nodeAddress = Cluster.get(context.getSystem()).selfMember().address().toString();
    this.guestReplies = context.messageAdapter(GuestVm.Reported.class, GuestAnswered::new);
    this.metrics = FleetMetrics.get(context.getSystem());
  }

  /** An unprovisioned host with the given entity id that steps sessions by {@code step}. */
  public static Behavior<Command> create(String hostId, Duration step) {
    return Behaviors.setup(context -> new HostEntity(context, hostId, step));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Provision.class, this::onProvision)
        .onMessage(StartSession.class, this::onStartSession)
        .onMessage(Describe.class, this::onDescribe)
        .onMessage(CancelSession.class, this::onCancelSession)
        .onMessage(StopGuest.class, this::onGuestCommand)
        .onMessage(RebootGuest.class, this::onGuestCommand)
        .onMessage(GuestStopped.class, this::onGuestStopped)
        .onMessage(GuestAnswered.class, this::onGuestAnswered)
        .onMessage(NextStep.class, next -> runStep())
        .onMessage(Stop.class, stop -> {
          metrics.hostStopped(hostId);
          return Behaviors.stopped();
        })
        .build();
  }

  private Behavior<Command> onProvision(Provision command) {
    if (running != null) {
      queued.addLast(command); // re-provisioning under a running session would leave it half done
      return this;
    }
    provision(command);
    return this;
  }

  private void provision(Provision command) {
    guests.forEach(getContext()::stop);
    guests.clear();
    lastReports.clear();
    damage.clear();
    generation++;
    profile = command.profile();
    spec = profile.toSpec();
    for (var guest : spec.guests()) {
      // a new generation's names never collide with guests of the last one that are still stopping
      guests.add(getContext().spawn(GuestVm.create(guest), "guest-" + guest.id() + "-" + generation));
    }
    metrics.hostProvisioned(hostId, guests.size(), profile.kernel());
    command.replyTo().tell(new Provisioned(hostId, nodeAddress, guests.size()));
  }

  private Behavior<Command> onDescribe(Describe command) {
    command.replyTo().tell(new Description(hostId, nodeAddress, Optional.ofNullable(profile), clockNanos,
        guestStateById(), damageById()));
    return this;
  }

  /** Every guest's state as last reported. */
  private Map<Integer, GuestState> guestStateById() {
    Map<Integer, GuestState> states = new java.util.TreeMap<>();
    for (int g = 0; g < guests.size(); g++) {
      states.put(g, guestState(g));
    }
    return states;
  }

  /** Guest {@code g}'s state as last reported; a guest that never reported is running. */
  private GuestState guestState(int g) {
    GuestReport last = lastReports.get(g);
    return last == null ? GuestState.RUNNING : last.state();
  }

  private Map<Integer, GuestDamage> damageById() {
    Map<Integer, GuestDamage> damages = new java.util.TreeMap<>();
    for (int g = 0; g < guests.size(); g++) {
      damages.put(g, damage.getOrDefault(g, GuestDamage.NONE));
    }
    return damages;
  }

  private Map<GuestState, Integer> guestStates() {
    Map<GuestState, Integer> counts = new java.util.EnumMap<>(GuestState.class);
    guestStateById().values().forEach(state -> counts.merge(state, 1, Integer::sum));
    return counts;
  }

  private Behavior<Command> onCancelSession(CancelSession command) {
    queued.removeIf(queuedCommand -> {
      if (queuedCommand instanceof StartSession session) {
        refuse(session, "session cancelled before it started on " + hostId);
        return true;
      }
      return false;
    });
    cancelRequested = running != null;
    return this;
  }

  private Behavior<Command> onGuestCommand(Command command) {
    if (running != null) {
      queued.addLast(command); // an operator's action lands between sessions, as provisioning does
      return this;
    }
    applyGuestCommand(command);
    return this;
  }

  private void applyGuestCommand(Command command) {
    if (command instanceof StopGuest stop) {
      if (stop.guestId() < 0 || stop.guestId() >= guests.size()) {
        stop.replyTo().tell(new GuestChanged(hostId, stop.guestId(), Optional.empty()));
        return;
      }
      long at = clockNanos;
      getContext().ask(GuestVm.Reported.class, guests.get(stop.guestId()), java.time.Duration.ofSeconds(10),
          replyTo -> new GuestVm.Shutdown(at, replyTo), (reported, failure) -> new GuestStopped(stop, reported));
    } else if (command instanceof RebootGuest reboot) {
      int g = reboot.guestId();
      if (g < 0 || g >= guests.size()) {
        reboot.replyTo().tell(new GuestChanged(hostId, g, Optional.empty()));
        return;
      }
      getContext().stop(guests.get(g));
      generation++;
      guests.set(g, getContext().spawn(GuestVm.create(spec.guests().get(g)), "guest-" + g + "-" + generation));
      lastReports.remove(g);
      metrics.guestStates(hostId, guestStates());
      reboot.replyTo().tell(new GuestChanged(hostId, g, Optional.of(GuestState.RUNNING)));
    }
  }

  private Behavior<Command> onGuestStopped(GuestStopped stopped) {
    int g = stopped.command().guestId();
    if (stopped.reported() != null) {
      lastReports.put(g, stopped.reported().report());
    }
    metrics.guestStates(hostId, guestStates());
    stopped.command().replyTo().tell(new GuestChanged(hostId, g, Optional.of(guestState(g))));
    return this;
  }

  private Behavior<Command> onStartSession(StartSession command) {
    queued.addLast(command);
    return running == null ? startNext() : this;
  }

  private Behavior<Command> startNext() {
    while (running == null && !queued.isEmpty()) {
      Command command = queued.pollFirst();
      if (command instanceof Provision provision) {
        provision(provision);
        continue;
      }
      if (command instanceof StopGuest || command instanceof RebootGuest) {
        applyGuestCommand(command);
        continue;
      }
      StartSession next = (StartSession) command;
      if (spec == null) {
        refuse(next, hostId + " is not provisioned");
        continue;
      }
      Optional<String> unknown = next.perfOverride().filter(id -> PerfGeneration.byId(id).isEmpty());
      if (unknown.isPresent()) {
        refuse(next, "unknown perf version '" + unknown.get() + "', expected one of " + PerfGeneration.validIds());
        continue;
      }
      Optional<PerfGeneration> override = next.perfOverride().flatMap(PerfGeneration::byId);
      metrics.sessionStarted();
      sessionStartedWallNanos = System.nanoTime();
      SessionStart start = new HostSimulation(spec, next.seed(), step.toNanos())
          .start(next.argv(), override, clockNanos, List.copyOf(lastReports.values()));
      if (start instanceof SessionStart.Refused refused) {
        finished(next, refused.result());
      } else {
        running = ((SessionStart.Started) start).session();
        runningFor = next;
        return runStep();
      }
    }
    return this;
  }

  private void refuse(StartSession session, String why) {
    session.replyTo().tell(new SessionFinished(hostId, nodeAddress, SessionResult.refused(hostId, why, 2)));
  }

  /** Every session that reaches a provisioned host is counted, refused ones included. */
  private void finished(StartSession session, SessionResult result) {
    String perf = session.perfOverride().orElse(profile.perfVersion());
    metrics.sessionFinished(hostId, perf, profile.kernel(), result,
        Duration.ofNanos(System.nanoTime() - sessionStartedWallNanos));
    session.replyTo().tell(new SessionFinished(hostId, nodeAddress, result));
  }

  private Behavior<Command> runStep() {
    StepWrites writes = running.step();
    awaiting = writes.byGuest().size();
    awaitedReports.clear();
    for (Map.Entry<Integer, List<GuestPhysicalWrite>> e : writes.byGuest().entrySet()) {
      guests.get(e.getKey()).tell(new GuestVm.ApplyWrites(writes.nowNanos(), e.getValue(), guestReplies));
    }
    return awaiting == 0 ? afterStep() : this;
  }

  private Behavior<Command> onGuestAnswered(GuestAnswered answered) {
    GuestReport report = answered.reported().report();
    lastReports.put(report.guestId(), report);
    for (GuestEvent event : report.events()) {
      metrics.guestEvent(hostId, event);
      damage.merge(report.guestId(), GuestDamage.NONE.plus(event), (was, one) -> was.plus(event));
    }
    if (running == null) {
      return this; // a shutdown's answer between sessions
    }
    awaitedReports.add(report);
    return --awaiting == 0 ? afterStep() : this;
  }

  private Behavior<Command> afterStep() {
    running.guestsReported(awaitedReports);
    if (!awaitedReports.isEmpty()) {
      metrics.guestStates(hostId, guestStates());
    }
    if (cancelRequested) {
      running.interrupt();
    }
    if (!running.done()) {
      getContext().getSelf().tell(new NextStep());
      return this;
    }
    SessionResult result = running.finish();
    if (cancelRequested) {
      result = result.withNote(running.endNanos() - running.startNanos(),
          "perf interrupted: the session was cancelled");
      cancelRequested = false;
    }
    // the next session starts on a slice boundary after this one
    long slice = RunningSession.SLICE_NANOS;
    clockNanos = (running.endNanos() + slice - 1) / slice * slice;
    finished(runningFor, result);
    running = null;
    runningFor = null;
    return startNext();
  }
}
