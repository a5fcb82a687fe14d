package org.perfsim.host;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.perfsim.events.PerfGeneration;
import org.perfsim.guest.GuestVm;
import org.perfsim.kernel.Capabilities;
import org.perfsim.metrics.FleetMetrics;
import org.perfsim.perfdata.PerfDataFile;
import org.perfsim.pmu.GuestPhysicalWrite;
import org.perfsim.session.Host;
import org.perfsim.session.HostSnapshot;
import org.perfsim.session.HostSpec;
import org.perfsim.session.SessionResult;
import org.perfsim.session.StepWrites;
import org.perfsim.vm.GuestDamage;
import org.perfsim.vm.GuestReport;
import org.perfsim.vm.GuestState;
import org.perfsim.wire.CborSerializable;

/**
 * One simulated host, a Cluster Sharding entity (so hosts spread over every JVM that joins): its CPU,
 * kernel policy, perf binary and pCPUs, and its guests as child {@link GuestVm} actors. The host itself
 * (clock, guests' last reports, damage counts, session stepping) is the domain's {@link Host}; this actor
 * only carries messages: each step, every guest the {@link Host} names gets one batched
 * {@link GuestVm.ApplyWrites}, and each guest's report goes back into the {@link Host}, which starts the
 * next step once every reply is in (so a guest that panicked is no longer scheduled).
 *
 * <p>Two behaviours: {@link #idle()} and {@link #running(StartSession)}. While a session runs, whatever must
 * wait for its end (provisioning, another session, a guest's stop or reboot) waits in a {@link StashBuffer}
 * and is replayed, in arrival order, when the host is idle again.
 */
public final class HostEntity {

  /** The entity type hosts are sharded under. */
  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Host");

  /** What the fleet asks of a host. */
  public sealed interface Command extends CborSerializable
      permits Provision, StartSession, Describe, Stop, CancelSession, StopGuest, RebootGuest, GuestAnswered,
      GuestStopped, NextStep {}

  /**
   * How a host behaves, from {@code perfsim.fleet} (host-node's reference.conf documents each key).
   *
   * @param step simulated time a host advances between two exchanges with its guests
   * @param guestAskTimeout wall-clock bound on a guest's answer to a shutdown
   * @param queueCapacity requests that may wait behind a running session; past it a session is refused
   * @param progressInterval simulated time between two progress reports to a session's waiter (at most: a
   *     report follows the first step that crosses each multiple of it)
   */
  public record Settings(Duration step, Duration guestAskTimeout, int queueCapacity, Duration progressInterval) {
    public Settings {
      if (progressInterval.isNegative() || progressInterval.isZero()) {
        throw new IllegalArgumentException("perfsim.fleet.session-progress-interval must be positive, got "
            + progressInterval);
      }
    }

    public static Settings from(Config root) {
      Config fleet = root.getConfig("perfsim.fleet");
      return new Settings(fleet.getDuration("step"), fleet.getDuration("guest-ask-timeout"),
          fleet.getInt("host-queue-capacity"), fleet.getDuration("session-progress-interval"));
    }
  }

  /**
   * Builds the host as {@code profile} says (any earlier guests are shut down): with freshly booted guests, or,
   * given {@code restore}, as that snapshot left it (a host that Cluster Sharding moved comes back as it was).
   */
  public record Provision(HostProfile profile, Optional<HostSnapshot> restore, ActorRef<Provisioned> replyTo)
      implements Command {
    /** With freshly booted guests. */
    public Provision(HostProfile profile, ActorRef<Provisioned> replyTo) {
      this(profile, Optional.empty(), replyTo);
    }
  }

  /**
   * Runs {@code argv} ({@code perf record ...}) with the host's perf binary, or {@code perfOverride}
   * ({@code 3.6}, {@code modern}…), deterministic under {@code seed}. {@code progressTo}, when not null, hears
   * the simulated time the session reached at least every {@link Settings#progressInterval()} of it, so its
   * waiter can tell a slow host from a silent one.
   */
  public record StartSession(List<String> argv, Optional<String> perfOverride, long seed,
      ActorRef<SessionFinished> replyTo, int perfDataSamplesPerCpu, Capabilities caps,
      ActorRef<SessionProgress> progressTo) implements Command {
    /** Nobody hears the session's progress. */
    public StartSession(List<String> argv, Optional<String> perfOverride, long seed,
        ActorRef<SessionFinished> replyTo, int perfDataSamplesPerCpu, Capabilities caps) {
      this(argv, perfOverride, seed, replyTo, perfDataSamplesPerCpu, caps, null);
    }

    /** A session that writes no perf.data file. */
    public StartSession(List<String> argv, Optional<String> perfOverride, long seed,
        ActorRef<SessionFinished> replyTo) {
      this(argv, perfOverride, seed, replyTo, 0);
    }

    /** perf run as root ({@link Capabilities#DEFAULT}). */
    public StartSession(List<String> argv, Optional<String> perfOverride, long seed,
        ActorRef<SessionFinished> replyTo, int perfDataSamplesPerCpu) {
      this(argv, perfOverride, seed, replyTo, perfDataSamplesPerCpu, Capabilities.DEFAULT);
    }

    /** The perf.data file asked for: the first this many samples per pCPU; empty (0) for none. */
    OptionalInt perfData() {
      return perfDataSamplesPerCpu > 0 ? OptionalInt.of(perfDataSamplesPerCpu) : OptionalInt.empty();
    }
  }

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

  /** A guest's answer to {@link StopGuest}; {@code reported} is null and {@code failure} says why when none came. */
  record GuestStopped(StopGuest command, GuestVm.Reported reported, String failure) implements Command {}

  /** Runs the next step of the current session (a message, so the host stays responsive between steps). */
  record NextStep() implements Command {}

  /** The simulated time {@code hostId}'s session reached since it started: it is alive and stepping. */
  public record SessionProgress(String hostId, long reachedNanos) implements CborSerializable {}

  /** The host is ready, where it lives, and the host at rest. */
  public record Provisioned(String hostId, String nodeAddress, int guests, HostSnapshot snapshot)
      implements CborSerializable {}

  /**
   * A session's result on this host, the node that ran it, the host at rest after it ({@code snapshot}: what
   * the host is re-provisioned from if it moves; empty when the session was refused without reaching a
   * provisioned, idle host) and the host as the session left it ({@code hostAfter}: what a Describe right
   * after would answer; the coordinator shows hosts from it).
   */
  public record SessionFinished(String hostId, String nodeAddress, SessionResult result,
      Optional<PerfDataFile> perfData, Optional<HostSnapshot> snapshot, Optional<Description> hostAfter)
      implements CborSerializable {
    /** A result without a perf.data file, snapshot or description. */
    public SessionFinished(String hostId, String nodeAddress, SessionResult result) {
      this(hostId, nodeAddress, result, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A result that does not say how it left the host. */
    public SessionFinished(String hostId, String nodeAddress, SessionResult result, Optional<PerfDataFile> perfData) {
      this(hostId, nodeAddress, result, perfData, Optional.empty(), Optional.empty());
    }
  }

  /** The host now: where it lives, its clock, every guest's state and what PEBS writes did to each guest. */
  public record Description(String hostId, String nodeAddress, Optional<HostProfile> profile, long clockNanos,
      Map<Integer, GuestState> guests, Map<Integer, GuestDamage> damage) implements CborSerializable {}

  /**
   * A guest after {@link StopGuest} or {@link RebootGuest}; {@code state} is empty when there is no such guest;
   * {@code failure} is empty, or says why the change is not known to have happened (the guest did not answer
   * in time), {@code state} then being the guest's last known one.
   */
  public record GuestChanged(String hostId, int guestId, Optional<GuestState> state, String failure,
      Optional<HostSnapshot> snapshot) implements CborSerializable {
    public GuestChanged(String hostId, int guestId, Optional<GuestState> state) {
      this(hostId, guestId, state, "", Optional.empty());
    }
  }

  private final ActorContext<Command> context;
  private final StashBuffer<Command> waiting;
  private final String hostId;
  private final String nodeAddress;
  private final Settings settings;
  private final ActorRef<GuestVm.Reported> guestReplies;
  private final FleetMetrics metrics;
  /** The guests as child actors, by guest id; the domain's {@link Host} keeps what they last reported. */
  private final List<ActorRef<GuestVm.Command>> guests = new ArrayList<>();
  /** Sessions refused by a cancel while they waited: skipped when they are replayed. */
  private final Set<StartSession> cancelledWhileWaiting = new HashSet<>();
  private HostProfile profile;
  /** The host's clock, guests' state, damage and session stepping; null until provisioned. */
  private Host host;
  private int generation;
  private long sessionStartedWallNanos;
  /** Host time at the running session's start, and the session time last reported to its waiter. */
  private long sessionStartClockNanos;
  private long progressReportedNanos;

  private HostEntity(ActorContext<Command> context, StashBuffer<Command> waiting, String hostId, Settings settings) {
    this.context = context;
    this.waiting = waiting;
    this.hostId = hostId;
    this.settings = settings;
    this.nodeAddress = Cluster.get(context.getSystem()).selfMember().address().toString();
    this.guestReplies = context.messageAdapter(GuestVm.Reported.class, GuestAnswered::new);
    this.metrics = FleetMetrics.get(context.getSystem());
  }

  /** An unprovisioned host with the given entity id, behaving as {@code settings} say. */
  public static Behavior<Command> create(String hostId, Settings settings) {
    return Behaviors.withStash(settings.queueCapacity(), waiting -> Behaviors.setup(
        context -> new HostEntity(context, waiting, hostId, settings).idle()));
  }

  /** As above with the configured settings, stepping sessions by {@code step}. */
  public static Behavior<Command> create(String hostId, Duration step) {
    Settings configured = Settings.from(com.typesafe.config.ConfigFactory.load());
    return create(hostId, new Settings(step, configured.guestAskTimeout(), configured.queueCapacity(),
        configured.progressInterval()));
  }

  /** No session runs: every request is served at once. */
  private Behavior<Command> idle() {
    return answeringInEither(Behaviors.receive(Command.class)
        .onMessage(Provision.class, command -> {
          provision(command);
          return Behaviors.same();
        })
        .onMessage(StartSession.class, this::startSession)
        .onMessage(StopGuest.class, command -> {
          stopGuest(command);
          return Behaviors.same();
        })
        .onMessage(RebootGuest.class, command -> {
          rebootGuest(command);
          return Behaviors.same();
        })
        .onMessage(CancelSession.class, command -> Behaviors.same())
        .onMessage(NextStep.class, command -> Behaviors.same())
        .onMessage(GuestAnswered.class, answered -> {
          guestReported(answered); // a late answer between sessions
          return Behaviors.same();
        }));
  }

  /** {@code session} is stepping on the host: what would change the host waits for its end. */
  private Behavior<Command> running(StartSession session) {
    return answeringInEither(Behaviors.receive(Command.class)
        .onMessage(Provision.class, this::waitForIdle) // re-provisioning mid-session would leave it half done
        .onMessage(StopGuest.class, this::waitForIdle) // an operator's action lands between sessions
        .onMessage(RebootGuest.class, this::waitForIdle)
        .onMessage(StartSession.class, command -> {
          if (waiting.isFull()) {
            refuse(command, hostId + " has " + waiting.size() + " requests waiting already");
            return Behaviors.same();
          }
          return waitForIdle(command);
        })
        .onMessage(CancelSession.class, command -> {
          host.cancel();
          waiting.forEach(queued -> {
            if (queued instanceof StartSession queuedSession && cancelledWhileWaiting.add(queuedSession)) {
              refuse(queuedSession, "session cancelled before it started on " + hostId);
            }
          });
          return Behaviors.same();
        })
        .onMessage(NextStep.class, next -> step(session))
        .onMessage(GuestAnswered.class, answered -> {
          if (!guestReported(answered)) {
            return Behaviors.same();
          }
          metrics.guestStates(hostId, guestStates()); // the step is over and some guest reported
          return afterStep(session);
        }));
  }

  /** What the host answers the same way whether idle or running: Describe, a guest's stop, its own end. */
  private Behavior<Command> answeringInEither(BehaviorBuilder<Command> behaviour) {
    return behaviour.onMessage(Describe.class, this::describe)
        .onMessage(GuestStopped.class, this::guestStopped)
        .onMessage(Stop.class, stop -> Behaviors.stopped())
        .onSignal(PostStop.class, this::stopped)
        .build();
  }

  private Behavior<Command> waitForIdle(Command command) {
    waiting.stash(command);
    return Behaviors.same();
  }

  /** The host left this node (moved, passivated, or the node stops): its metrics leave with it. */
  private Behavior<Command> stopped(PostStop signal) {
    metrics.hostStopped(hostId);
    return Behaviors.same();
  }

  private void provision(Provision command) {
    guests.forEach(context::stop);
    guests.clear();
    generation++;
    profile = command.profile();
    HostSpec spec = profile.toSpec();
    Optional<HostSnapshot> restore = command.restore();
    host = restore.map(snapshot -> Host.restored(spec, settings.step().toNanos(), snapshot))
        .orElseGet(() -> host == null ? new Host(spec, settings.step().toNanos()) : host.reprovisioned(spec));
    for (var guest : spec.guests()) {
      var atRest = restore.map(snapshot -> snapshot.guests().get(guest.id()));
      // a new generation's names never collide with guests of the last one that are still stopping
      guests.add(context.spawn(atRest.map(at -> GuestVm.restored(guest, at)).orElseGet(() -> GuestVm.create(guest)),
          "guest-" + guest.id() + "-" + generation));
    }
    metrics.hostProvisioned(hostId, guests.size(), profile.kernel());
    if (restore.isPresent()) {
      metrics.guestStates(hostId, guestStates());
    }
    command.replyTo().tell(new Provisioned(hostId, nodeAddress, guests.size(), host.snapshot()));
  }

  private Behavior<Command> describe(Describe command) {
    command.replyTo().tell(description());
    return Behaviors.same();
  }

  private Description description() {
    return host == null
        ? new Description(hostId, nodeAddress, Optional.empty(), 0, Map.of(), Map.of())
        : new Description(hostId, nodeAddress, Optional.of(profile), host.clockNanos(), host.guestStates(),
            host.damage());
  }

  private Map<GuestState, Integer> guestStates() {
    Map<GuestState, Integer> counts = new EnumMap<>(GuestState.class);
    host.guestStates().values().forEach(state -> counts.merge(state, 1, Integer::sum));
    return counts;
  }

  /** A guest's answer to a step goes to the host (and its events to the metrics); true once the step is over. */
  private boolean guestReported(GuestAnswered answered) {
    GuestReport report = answered.reported().report();
    report.events().forEach(event -> metrics.guestEvent(hostId, event));
    saved(answered.reported());
    return host.guestReported(report);
  }

  /** The guest at rest goes to the host, for the snapshot the next reply carries. */
  private void saved(GuestVm.Reported reported) {
    if (reported.atRest() != null) {
      host.guestSaved(reported.atRest());
    }
  }

  private boolean hasGuest(int guestId) {
    return host != null && host.hasGuest(guestId);
  }

  private void stopGuest(StopGuest stop) {
    if (!hasGuest(stop.guestId())) {
      stop.replyTo().tell(new GuestChanged(hostId, stop.guestId(), Optional.empty()));
      return;
    }
    long at = host.clockNanos();
    context.ask(GuestVm.Reported.class, guests.get(stop.guestId()), settings.guestAskTimeout(),
        replyTo -> new GuestVm.Shutdown(at, replyTo), (reported, failure) -> new GuestStopped(stop, reported,
            failure == null ? "" : "guest " + stop.guestId() + " of " + hostId + " did not answer the shutdown within "
                + settings.guestAskTimeout().toMillis() + " ms"));
  }

  private Behavior<Command> guestStopped(GuestStopped stopped) {
    int g = stopped.command().guestId();
    if (stopped.reported() != null) {
      saved(stopped.reported());
      host.guestStopped(stopped.reported().report());
    }
    metrics.guestStates(hostId, guestStates());
    stopped.command().replyTo().tell(new GuestChanged(hostId, g, Optional.of(host.guestState(g)), stopped.failure(),
        atRest()));
    return Behaviors.same();
  }

  private void rebootGuest(RebootGuest reboot) {
    int g = reboot.guestId();
    if (!hasGuest(g)) {
      reboot.replyTo().tell(new GuestChanged(hostId, g, Optional.empty()));
      return;
    }
    context.stop(guests.get(g));
    generation++;
    guests.set(g, context.spawn(GuestVm.create(host.spec().guests().get(g)), "guest-" + g + "-" + generation));
    host.guestRebooted(g);
    metrics.guestStates(hostId, guestStates());
    reboot.replyTo().tell(new GuestChanged(hostId, g, Optional.of(GuestState.RUNNING), "", atRest()));
  }

  private Behavior<Command> startSession(StartSession next) {
    if (cancelledWhileWaiting.remove(next)) {
      return Behaviors.same(); // refused when it was cancelled
    }
    if (host == null) {
      refuse(next, hostId + " is not provisioned");
      return Behaviors.same();
    }
    Optional<String> unknown = next.perfOverride().filter(id -> PerfGeneration.byId(id).isEmpty());
    if (unknown.isPresent()) {
      refuse(next, "unknown perf version '" + unknown.get() + "', expected one of " + PerfGeneration.validIds());
      return Behaviors.same();
    }
    metrics.sessionStarted();
    sessionStartedWallNanos = System.nanoTime();
    sessionStartClockNanos = host.clockNanos();
    progressReportedNanos = 0;
    Optional<SessionResult> refused = host.start(next.argv(), next.perfOverride().flatMap(PerfGeneration::byId),
        next.seed(), next.perfData(), next.caps() == null ? Capabilities.DEFAULT : next.caps());
    if (refused.isPresent()) {
      finished(next, refused.get());
      return Behaviors.same();
    }
    return step(next);
  }

  private void refuse(StartSession session, String why) {
    session.replyTo().tell(new SessionFinished(hostId, nodeAddress, SessionResult.refused(hostId, why, 2),
        Optional.empty(), Optional.empty(), Optional.of(description())));
  }

  /** Every session that reaches a provisioned host is counted, refused ones included. */
  private void finished(StartSession session, SessionResult result) {
    finished(session, new Host.Finished(result, Optional.empty()));
  }

  private void finished(StartSession session, Host.Finished done) {
    String perf = session.perfOverride().orElse(profile.perfVersion());
    metrics.sessionFinished(hostId, perf, profile.kernel(), done.result(),
        Duration.ofNanos(System.nanoTime() - sessionStartedWallNanos));
    session.replyTo().tell(new SessionFinished(hostId, nodeAddress, done.result(), done.perfData(), atRest(),
        Optional.of(description())));
  }

  /** The host at rest; empty while a session runs (a stop lands mid-session only if its ask timed out). */
  private Optional<HostSnapshot> atRest() {
    return host == null || host.sessionRunning() ? Optional.empty() : Optional.of(host.snapshot());
  }

  /** One step: each guest the host names gets its batch; the next step waits for every reply. */
  private Behavior<Command> step(StartSession session) {
    StepWrites writes = host.step();
    reportProgress(session, writes.nowNanos() - sessionStartClockNanos);
    for (Map.Entry<Integer, List<GuestPhysicalWrite>> e : writes.byGuest().entrySet()) {
      guests.get(e.getKey()).tell(new GuestVm.ApplyWrites(writes.nowNanos(), e.getValue(), guestReplies));
    }
    return host.awaitingGuests() ? running(session) : afterStep(session);
  }

  /** Tells the session's waiter how far it got, once per progress interval of simulated time crossed. */
  private void reportProgress(StartSession session, long reachedNanos) {
    long interval = settings.progressInterval().toNanos();
    if (session.progressTo() != null && reachedNanos / interval > progressReportedNanos / interval) {
      progressReportedNanos = reachedNanos;
      session.progressTo().tell(new SessionProgress(hostId, reachedNanos));
    }
  }

  private Behavior<Command> afterStep(StartSession session) {
    if (!host.sessionDone()) {
      // a message, not a loop, so the host answers Describe and CancelSession between steps
      context.getSelf().tell(new NextStep());
      return running(session);
    }
    finished(session, host.finishWithPerfData());
    return waiting.unstashAll(idle());
  }
}
