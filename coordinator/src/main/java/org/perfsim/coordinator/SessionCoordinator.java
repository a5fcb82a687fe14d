package org.perfsim.coordinator;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.perfsim.api.v1.GuestPanic;
import org.perfsim.api.v1.HostSessionResult;
import org.perfsim.api.v1.StartSessionRequest;
import org.perfsim.events.PerfGeneration;
import org.perfsim.host.EmbeddedFleet;
import org.perfsim.tool.CommandLineResult;
import org.perfsim.tool.PerfCommandParser;

/**
 * Runs perf sessions across the fleet: checks the command, picks the hosts, claims them, starts the session
 * on every host at once (host {@code i} of the selection with seed {@code seed + i}) and records each result
 * as it arrives; cancels by stopping perf on the hosts still running.
 */
public final class SessionCoordinator {
  /** The CLI's default seed, also the API's. */
  public static final long DEFAULT_SEED = 2012;

  private final EmbeddedFleet fleet;
  private final FleetCatalog catalog;
  private final SessionRegistry registry;

  public SessionCoordinator(EmbeddedFleet fleet, FleetCatalog catalog, SessionRegistry registry) {
    this.fleet = fleet;
    this.catalog = catalog;
    this.registry = registry;
  }

  public SessionRegistry registry() {
    return registry;
  }

  /** Starts the session {@code request} asks for; an {@link ApiError} says why it cannot. */
  public TrackedSession start(StartSessionRequest request) {
    String commandField = request.hasArgv() ? "argv.args" : "command_line";
    List<String> argv = argv(request);
    Optional<String> override = request.hasPerfGeneration()
        ? Optional.of(ApiError.named("perf_generation", request.getPerfGeneration(), "", "perf generation",
            PerfGeneration::byId, PerfGeneration.validIds()).id())
        : Optional.empty();
    long seed = request.hasSeed() ? request.getSeed() : DEFAULT_SEED;
    if (!request.hasHosts()) {
      throw ApiError.invalid("hosts", "choose hosts by ids, labels, all, count or percent");
    }
    List<String> hostIds = HostSelection.resolve(request.getHosts(), catalog, seed);
    long workloadNanos = rejectIfEveryPerfRefuses(argv, hostIds, override, commandField);
    // a host answers when perf ends, so a long workload is given longer than the ask timeout
    Duration resultTimeout = fleet.config().sessionTimeout(workloadNanos);
    TrackedSession session = registry.create(request, hostIds, argv, override.orElse(""), seed);
    try {
      catalog.claim(hostIds, session.id());
    } catch (ApiError busy) {
      registry.forget(session);
      throw busy;
    }
    for (int i = 0; i < hostIds.size(); i++) {
      String hostId = hostIds.get(i);
      fleet.startSession(hostId, argv, override, seed + i, resultTimeout).whenComplete((finished, failure) -> {
        if (failure != null) {
          // the ask gave up, not the host: stop perf there too,
          // or the host keeps running a session nobody tracks and the next one queues behind it
          fleet.cancelSession(hostId);
        }
        HostSessionResult result = finished != null ? ApiMessages.hostResult(finished)
            : ApiMessages.nodeError(hostId, failure);
        for (GuestPanic panic : result.getGuestsPanickedList()) {
          catalog.panicked(hostId, panic.getGuestId(), session.id());
        }
        catalog.release(hostId, session.id());
        session.addResult(result);
      });
    }
    return session;
  }

  private static List<String> argv(StartSessionRequest request) {
    List<String> argv = switch (request.getCommandCase()) {
      case COMMAND_LINE -> {
        try {
          yield ShellWords.split(request.getCommandLine());
        } catch (IllegalArgumentException e) {
          throw ApiError.invalid("command_line", e.getMessage());
        }
      }
      case ARGV -> request.getArgv().getArgsList();
      case COMMAND_NOT_SET -> throw ApiError.invalid("command", "give command_line or argv");
    };
    String field = request.hasArgv() ? "argv.args" : "command_line";
    if (argv.size() < 2 || !argv.get(0).equals("perf")) {
      throw ApiError.invalid(field, "the command must start with 'perf record' or 'perf stat', got "
          + String.join(" ", argv));
    }
    if (!argv.get(1).equals("record") && !argv.get(1).equals("stat")) {
      throw ApiError.invalid(field, "only 'perf record' and 'perf stat' run on hosts, got 'perf " + argv.get(1) + "'");
    }
    return List.copyOf(argv);
  }

  /**
   * INVALID_ARGUMENT with perf's own text when the perf binary of every selected host rejects the command;
   * else the longest workload (simulated nanoseconds) of the binaries that accept it.
   */
  private long rejectIfEveryPerfRefuses(List<String> argv, List<String> hostIds, Optional<String> override,
      String field) {
    Set<String> generations = new LinkedHashSet<>();
    if (override.isPresent()) {
      generations.add(override.get());
    } else {
      hostIds.forEach(id -> catalog.host(id).ifPresent(h -> generations.add(h.profile().perfVersion())));
    }
    String firstRefusal = null;
    long workloadNanos = -1;
    for (String id : generations) {
      CommandLineResult parsed = PerfCommandParser.parse(argv, PerfGeneration.byId(id).orElseThrow());
      if (parsed instanceof CommandLineResult.Accepted accepted) {
        workloadNanos = Math.max(workloadNanos, accepted.command().workload().durationNanos());
      } else if (firstRefusal == null) {
        firstRefusal = ((CommandLineResult.Rejected) parsed).error().text();
      }
    }
    if (workloadNanos >= 0) {
      return workloadNanos;
    }
    throw ApiError.invalid(field, "perf " + String.join(", ", generations) + " rejects the command:\n"
        + firstRefusal);
  }

  /** Stops the session on the hosts still running; FAILED_PRECONDITION if it already ended or was cancelled. */
  public TrackedSession cancel(String sessionId) {
    TrackedSession session = find(sessionId);
    if (!session.requestCancel()) {
      throw ApiError.failedPrecondition("session_id", "session " + sessionId + " is already "
          + (session.state() == org.perfsim.api.v1.SessionState.SESSION_STATE_RUNNING ? "being cancelled"
              : session.state().name().substring("SESSION_STATE_".length()).toLowerCase(java.util.Locale.ROOT)));
    }
    session.hostsRunning().forEach(fleet::cancelSession);
    return session;
  }

  /** The session {@code sessionId}: INVALID_ARGUMENT if empty, NOT_FOUND if unknown or forgotten. */
  public TrackedSession find(String sessionId) {
    if (sessionId.isEmpty()) {
      throw ApiError.invalid("session_id", "required");
    }
    return registry.get(sessionId).orElseThrow(() -> ApiError.notFound("session_id",
        "no session '" + sessionId + "' (unknown, or aged out of the server's history)"));
  }
}
