package org.perfsim.coordinator.core;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.perfsim.host.HostEntity;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.Capabilities;
import org.perfsim.tool.CommandLineResult;
import org.perfsim.tool.PerfCommandParser;

/**
 * Runs perf sessions across the fleet: checks the command, picks the hosts, claims them, starts the session
 * on every host at once (host {@code i} of the selection with seed {@code seed + i}) and records each result
 * as it arrives; cancels by stopping perf on the hosts still running.
 */
public final class SessionCoordinator {
  private final FleetHosts hosts;
  private final FleetCatalog catalog;
  private final SessionRegistry registry;
  /** Hosts whose lost-node probe is under way and that were last seen on the lost member: session, host, result. */
  private final Map<String, Map<String, HostResult>> probing = new ConcurrentHashMap<>();

  public SessionCoordinator(FleetHosts hosts, FleetCatalog catalog, SessionRegistry registry) {
    this.hosts = hosts;
    this.catalog = catalog;
    this.registry = registry;
  }

  public SessionRegistry registry() {
    return registry;
  }

  /** Starts the session {@code request} asks for; a {@link CoreError} says why it cannot. */
  public TrackedSession start(SessionRequest request) {
    String commandField = request.command() instanceof SessionRequest.Argv ? "argv.args" : "command_line";
    List<String> argv = argv(request.command(), commandField);
    Optional<String> override = request.perfGeneration().map(id -> DomainIds.perfNamed("perf_generation", id).id());
    long seed = request.seed().orElse(Defaults.SEED);
    List<String> hostIds = HostSelection.resolve(request.hosts(), catalog, seed);
    Work work = rejectIfEveryPerfRefuses(argv, hostIds, override, commandField);
    work.check(commandField, hostIds.size());
    int perfDataSamplesPerCpu = perfDataSamplesPerCpu(request);
    Capabilities caps = request.callerCapabilities()
        .map(id -> DomainIds.capabilities("caller_capabilities", id)).orElse(Capabilities.DEFAULT);
    TrackedSession session = registry.create(request, hostIds, argv, override.orElse(""), seed);
    try {
      catalog.claim(hostIds, session.id());
    } catch (CoreError busy) {
      registry.forget(session);
      throw busy;
    }
    session.record();
    for (int i = 0; i < hostIds.size(); i++) {
      String hostId = hostIds.get(i);
      HostResult.Setup setup = HostResult.Setup.of(catalog.host(hostId), override);
      long hostSeed = seed + i;
      // awaited while the host reports progress, however long the workload or big the fleet
      drive(session, hostId, () -> hosts.runSession(hostId, argv, override, hostSeed, perfDataSamplesPerCpu, caps,
          reached -> { }), setup, request.redriveTimedOutHosts());
    }
    return session;
  }

  /** Runs the session on one host and records its answer; a timed-out host is driven once more if asked. */
  private void drive(TrackedSession session, String hostId,
      Supplier<CompletableFuture<HostEntity.SessionFinished>> run,
      HostResult.Setup setup, boolean redrive) {
    run.get().whenComplete((finished, failure) -> {
      if (failure != null) {
        // the ask gave up, not the host: stop perf there too,
        // or the host keeps running a session nobody tracks and the next one queues behind it
        hosts.cancelSession(hostId);
        if (redrive && timedOut(failure) && !session.reported(hostId) && !session.cancelRequested()) {
          // after the cancel, in the same order to the same entity: the host runs the session afresh
          drive(session, hostId, run, setup, false);
          return;
        }
      }
      record(session, finished != null
          ? HostResult.ran(finished.hostId(), finished.nodeAddress(), finished.result(), setup, finished.perfData())
          : HostResult.failed(hostId, failure, setup));
    });
  }

  private static boolean timedOut(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    return cause instanceof TimeoutException;
  }

  /** Records a host's result, unless it already has one (it was marked unreachable before it answered). */
  private void record(TrackedSession session, HostResult result) {
    if (session.reported(result.hostId())) {
      return;
    }
    result.result().ifPresent(r -> r.panics().forEach(p ->
        catalog.panicked(result.hostId(), p.guestId(), session.id())));
    catalog.release(result.hostId(), session.id());
    session.addResult(result);
  }

  /**
   * Watches the cluster: when a member is lost (unreachable, downed, removed), every host of a running session
   * that went with it gets its result at once, "unreachable: node ADDR left the cluster (how)", instead of the
   * session waiting out its ask bound (hours for a long workload). Hosts on the surviving nodes run on.
   */
  public void watchMembership() {
    hosts.onMemberLost((address, how) -> {
      for (TrackedSession session : registry.running()) {
        for (String hostId : session.hostsRunning()) {
          String override = session.started().perfGeneration();
          HostResult unreachable = HostResult.unreachable(hostId, address, how.name().toLowerCase(Locale.ROOT),
              HostResult.Setup.of(catalog.host(hostId), override.isEmpty() ? Optional.empty() : Optional.of(override)));
          boolean suspect = hosts.suspect(hostId, address);
          if (suspect && session.cancelRequested()) {
            record(session, unreachable); // cancelled: nobody waits for the probe
            continue;
          }
          if (suspect) {
            probing.computeIfAbsent(session.id(), id -> new ConcurrentHashMap<>()).put(hostId, unreachable);
            if (session.cancelRequested()) {
              probedAreUnreachable(session); // the cancel came between the check above and the put
              continue;
            }
          }
          hosts.lostWith(hostId, address, Defaults.LOST_NODE_PROBE).thenAccept(lost -> {
            probing.computeIfPresent(session.id(), (id, probed) -> {
              probed.remove(hostId, unreachable);
              return probed.isEmpty() ? null : probed;
            });
            if (lost) {
              record(session, unreachable);
            }
          });
        }
      }
    });
  }

  /** The first samples per pCPU each host's perf.data file holds; 0 when no file was asked for. */
  private static int perfDataSamplesPerCpu(SessionRequest request) {
    if (!request.perfData()) {
      if (request.perfDataSamplesPerCpu().isPresent()) {
        throw CoreError.invalid("perf_data_max_samples_per_cpu", "applies to a perf.data file: set perf_data too");
      }
      return 0;
    }
    return Limits.within("perf_data_max_samples_per_cpu",
        request.perfDataSamplesPerCpu().orElse(Defaults.PERF_DATA_SAMPLES_PER_CPU), 1,
        Limits.MAX_PERF_DATA_SAMPLES_PER_HOST);
  }

  /** The words of {@code command}, which must be {@code perf record ...} or {@code perf stat ...}. */
  public static List<String> argv(SessionRequest.Command command, String field) {
    List<String> argv;
    if (command instanceof SessionRequest.CommandLine line) {
      Limits.atMost("command_line", line.line(), Limits.MAX_COMMAND_CHARS);
      try {
        argv = ShellWords.split(line.line());
      } catch (IllegalArgumentException e) {
        throw CoreError.invalid("command_line", e.getMessage());
      }
    } else if (command instanceof SessionRequest.Argv given) {
      argv = given.args();
      if (argv.size() > Limits.MAX_ARGV_WORDS) {
        throw CoreError.invalid(field, "at most " + Limits.MAX_ARGV_WORDS + " words, got " + argv.size());
      }
      long chars = argv.stream().mapToLong(word -> word.length() + 1L).sum();
      if (chars - 1 > Limits.MAX_COMMAND_CHARS) {
        throw CoreError.invalid(field, "at most " + Limits.MAX_COMMAND_CHARS + " characters in all, got " + (chars - 1));
      }
    } else {
      throw CoreError.invalid("command", "give command_line or argv");
    }
    if (argv.size() < 2 || !argv.get(0).equals("perf")) {
      throw CoreError.invalid(field, "the command must start with 'perf record' or 'perf stat', got "
          + String.join(" ", argv));
    }
    if (!argv.get(1).equals("record") && !argv.get(1).equals("stat")) {
      throw CoreError.invalid(field, "only 'perf record' and 'perf stat' run on hosts, got 'perf " + argv.get(1) + "'");
    }
    return List.copyOf(argv);
  }

  /**
   * What a session may cost, as the perf binaries that accept its command read it: the longest workload
   * (simulated nanoseconds) and the highest sampling rate per CPU ({@link Limits}' assumed event rate for a
   * period).
   */
  public record Work(long workloadNanos, long samplesPerSecond) {
    /** INVALID_ARGUMENT past one bound of {@link Limits}, RESOURCE_EXHAUSTED past their product on {@code hosts}. */
    void check(String field, int hosts) {
      double seconds = workloadNanos / 1e9;
      if (workloadNanos > Limits.MAX_WORKLOAD.toNanos()) {
        throw CoreError.invalid(field, "the workload runs " + seconds(seconds) + " s of simulated time; at most "
            + Limits.MAX_WORKLOAD.toSeconds() + " s");
      }
      if (samplesPerSecond > Limits.MAX_SAMPLES_PER_SECOND) {
        throw CoreError.invalid(field, "the command samples up to " + samplesPerSecond + " times per second per CPU"
            + " (a period counts " + Limits.ASSUMED_EVENTS_PER_SECOND + " events per second); at most "
            + Limits.MAX_SAMPLES_PER_SECOND + ": use -c " + Limits.ASSUMED_EVENTS_PER_SECOND
            / Limits.MAX_SAMPLES_PER_SECOND + " or more, or -F " + Limits.MAX_SAMPLES_PER_SECOND + " or less");
      }
      double work = seconds * Math.max(samplesPerSecond, Limits.MIN_WORK_PER_SECOND) * hosts;
      if (work > Limits.MAX_SESSION_WORK) {
        throw CoreError.exhausted(field, String.format(Locale.ROOT, "%s s x %d samples/s x %d hosts"
            + " is %.3g samples of work; a session may cause at most %.3g (simulated seconds x samples per second"
            + " x hosts): run fewer hosts, a shorter workload or a lower rate", seconds(seconds),
            Math.max(samplesPerSecond, Limits.MIN_WORK_PER_SECOND), hosts, work, (double) Limits.MAX_SESSION_WORK));
      }
    }

    private static String seconds(double seconds) {
      return seconds == Math.rint(seconds) ? String.valueOf((long) seconds) : String.valueOf(seconds);
    }
  }

  /**
   * INVALID_ARGUMENT with perf's own text when the perf binary of every selected host rejects the command;
   * else the work the binaries that accept it may cause.
   */
  private Work rejectIfEveryPerfRefuses(List<String> argv, List<String> hostIds, Optional<String> override,
      String field) {
    Set<String> generations = new LinkedHashSet<>();
    if (override.isPresent()) {
      generations.add(override.get());
    } else {
      hostIds.forEach(id -> catalog.host(id).ifPresent(h -> generations.add(h.profile().perfVersion())));
    }
    return work(argv, generations, field);
  }

  /**
   * The work of {@code argv} under the perf generations {@code generations} (ids) that accept it: the longest
   * workload (simulated nanoseconds) and the highest sampling rate; INVALID_ARGUMENT on {@code field} with
   * perf's own text when every one rejects it.
   */
  public static Work work(List<String> argv, Set<String> generations, String field) {
    String firstRefusal = null;
    long workloadNanos = -1;
    long samplesPerSecond = 0;
    for (String id : generations) {
      CommandLineResult parsed = PerfCommandParser.parse(argv, PerfGeneration.byId(id).orElseThrow());
      if (parsed instanceof CommandLineResult.Accepted accepted) {
        workloadNanos = Math.max(workloadNanos, accepted.command().workload().durationNanos());
        samplesPerSecond = Math.max(samplesPerSecond,
            accepted.command().samplesPerSecond(Limits.ASSUMED_EVENTS_PER_SECOND));
      } else if (firstRefusal == null) {
        firstRefusal = ((CommandLineResult.Rejected) parsed).error().text();
      }
    }
    if (workloadNanos >= 0) {
      return new Work(workloadNanos, samplesPerSecond);
    }
    throw CoreError.invalid(field, "perf " + String.join(", ", generations) + " rejects the command:\n"
        + firstRefusal);
  }

  /** Stops the session on the hosts still running; FAILED_PRECONDITION if it already ended or was cancelled. */
  public TrackedSession cancel(String sessionId) {
    if (lookup(sessionId) instanceof SessionRegistry.Past past) {
      throw CoreError.failedPrecondition("session_id", "session " + sessionId + " is already "
          + past.state().name().toLowerCase(java.util.Locale.ROOT));
    }
    TrackedSession session = find(sessionId);
    if (!session.requestCancel()) {
      throw CoreError.failedPrecondition("session_id", "session " + sessionId + " is already "
          + (session.state() == SessionSummary.SessionState.RUNNING ? "being cancelled"
              : session.state().name().toLowerCase(java.util.Locale.ROOT)));
    }
    session.hostsRunning().forEach(hosts::cancelSession);
    probedAreUnreachable(session);
    return session;
  }

  /**
   * A cancelled session's hosts that were last seen on a member being probed cannot answer the cancel: they are
   * unreachable now, rather than when the probe gives up ({@link Defaults#LOST_NODE_PROBE}).
   */
  private void probedAreUnreachable(TrackedSession session) {
    Map<String, HostResult> probed = probing.remove(session.id());
    if (probed != null) {
      probed.values().forEach(unreachable -> record(session, unreachable));
    }
  }

  /** The session {@code sessionId} of this run: INVALID_ARGUMENT if empty, NOT_FOUND if unknown or forgotten. */
  public TrackedSession find(String sessionId) {
    if (lookup(sessionId) instanceof TrackedSession tracked) {
      return tracked;
    }
    throw notFound(sessionId);
  }

  /** The session {@code sessionId}, of this run or an earlier one: INVALID_ARGUMENT if empty, NOT_FOUND if unknown. */
  public SessionRegistry.Entry lookup(String sessionId) {
    if (sessionId.isEmpty()) {
      throw CoreError.invalid("session_id", "required");
    }
    Limits.atMost("session_id", sessionId, Limits.MAX_ID_CHARS);
    return registry.entry(sessionId).orElseThrow(() -> notFound(sessionId));
  }

  private static CoreError notFound(String sessionId) {
    return CoreError.notFound("session_id", "no session '" + sessionId + "' (unknown, or aged out of the server's history)");
  }
}
