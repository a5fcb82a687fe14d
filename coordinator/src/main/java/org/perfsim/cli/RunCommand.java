package org.perfsim.cli;

import org.perfsim.coordinator.core.Defaults;
import com.google.protobuf.util.JsonFormat;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.perfsim.api.v1.Argv;
import org.perfsim.api.v1.HostIdList;
import org.perfsim.api.v1.HostSelector;
import org.perfsim.api.v1.HostSessionResult;
import org.perfsim.api.v1.LabelSelector;
import org.perfsim.api.v1.Session;
import org.perfsim.api.v1.SessionServiceGrpc;
import org.perfsim.api.v1.SessionStarted;
import org.perfsim.api.v1.SessionSummary;
import org.perfsim.api.v1.SessionUpdate;
import org.perfsim.api.v1.StartSessionRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code perfsim run -- perf record ...}: one perf session across the fleet (SessionService.StartSession). */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Runs a perf command line on the selected hosts at once: prints the session's id, shows "
            + "progress while hosts report, then one row per host. Ctrl-C cancels the session.",
        "Exit status: 0 when every host ran perf (whatever perf's outcome), 2 when a host failed (node error), "
            + "4 when one was unreachable (its cluster node was lost), 3 when --deadline passed.",
        "Example:",
        "  perfsim run --target 127.0.0.1:50051 --hosts 50%% -- perf record -e cycles:pp -ag -- sleep 10"})
public final class RunCommand implements Callable<Integer> {
  /** Exit status when --deadline passes before the session ends (the session itself goes on). */
  public static final int DEADLINE_PASSED = 3;

  @Mixin CoordinatorConnection.Options connection;

  @Option(names = "--hosts", defaultValue = "all", paramLabel = "SELECTOR",
      description = "all | N (a count) | P%% (a share) | ID,ID... | KEY=VALUE,... (labels); default ${DEFAULT-VALUE}")
  String hosts;

  @Option(names = "--perf-version", description = "run this perf generation instead of each host's installed one")
  String perfVersion;

  @Option(names = "--caps", paramLabel = "CAPS", description = "the capabilities perf runs with on every host: none, "
      + "perfmon or sys_admin (default " + Defaults.CALLER_CAPABILITIES + "); with each host's perf_event_paranoid "
      + "(--paranoid for the embedded fleet, serve --paranoid) they decide what perf_event_open refuses")
  String caps;

  @Option(names = "--seed", description = "simulation seed (default " + Defaults.SEED + "); host i of the selection uses seed + i")
  Long seed;

  @Option(names = "--deadline", defaultValue = "600", description = "seconds to watch the session (default ${DEFAULT-VALUE}); when they pass, perfsim says so "
          + "and exits with " + DEADLINE_PASSED + ", and the session goes on on the server")
  long deadlineSeconds;

  @Option(names = "--redrive-timed-out-hosts", description = "a host whose answer times out is stopped and "
      + "driven once more (same seed) instead of only being reported")
  boolean redriveTimedOutHosts;

  @Option(names = "--json", description = "the session (as GetSession with the full view) as JSON")
  boolean json;

  @Option(names = "--explain", description = "under the table, why each host came out so: attr bits, kernel "
      + "rule, PEBS at VM entry, perf's fallbacks (--json always carries each host's explanation)")
  boolean explain;

  @Option(names = "--report", paramLabel = "FILE", description = "also write the session's HTML report to FILE "
      + "(as 'perfsim report' does)")
  java.nio.file.Path report;
  @Option(names = "--perf-data", paramLabel = "DIR", description = "write each host's session as a perf.data file, "
      + "DIR/HOST.perf.data (open it with perf report -i); DIR is created if missing")
  java.nio.file.Path perfDataDir;

  @Option(names = "--perf-data-samples", paramLabel = "N", description = "with --perf-data: the first N samples of "
      + "each CPU go into the file (default " + Defaults.PERF_DATA_SAMPLES_PER_CPU + ", at most "
      + org.perfsim.coordinator.core.Limits.MAX_PERF_DATA_SAMPLES_PER_HOST + " per host); the file and perfsim say "
      + "when it holds fewer than the session took")
  Integer perfDataSamples;

  @Parameters(paramLabel = "COMMAND", description = "perf record|stat OPTIONS -- WORKLOAD")
  List<String> command = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (command.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "missing the command: -- perf record ...");
    }
    if (deadlineSeconds < 1) {
      throw new Choices.BadChoice("--deadline: must be at least 1 second, got " + deadlineSeconds);
    }
    StartSessionRequest.Builder request = StartSessionRequest.newBuilder().setHosts(selector(hosts))
        .setArgv(Argv.newBuilder().addAllArgs(command));
    if (perfVersion != null) {
      request.setPerfGeneration(perfVersion);
    }
    if (seed != null) {
      request.setSeed(seed);
    }
    if (caps != null) {
      request.setCallerCapabilities(Choices.caps(caps, "--caps").id());
    }
    if (redriveTimedOutHosts) {
      request.setRedriveTimedOutHosts(true);
    }
    if (perfDataSamples != null && perfDataDir == null) {
      throw new Choices.BadChoice("--perf-data-samples: applies to --perf-data DIR, which is missing");
    }
    if (perfDataDir != null) {
      PerfDataFiles.prepare(perfDataDir);
      request.setPerfData(true);
      if (perfDataSamples != null) {
        request.setPerfDataMaxSamplesPerCpu(perfDataSamples);
      }
    }
    try (CoordinatorConnection c = CoordinatorConnection.open(connection)) {
      Iterator<SessionUpdate> updates = SessionServiceGrpc.newBlockingStub(c.channel())
          .withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS).startSession(request.build());
      SessionStarted started = null;
      List<HostSessionResult> results = new ArrayList<>();
      SessionSummary summary = null;
      Progress progress = null;
      CancelOnInterrupt onInterrupt = null;
      try {
        while (updates.hasNext()) {
          SessionUpdate update = updates.next();
          switch (update.getUpdateCase()) {
            case STARTED -> {
              started = update.getStarted();
              // first, and on stdout's own line even without a terminal, so a script or a person can always
              // look the session up or cancel it; --json keeps stdout for the JSON document
              (json ? System.err : System.out).println("session " + started.getSessionId());
              System.out.flush();
              onInterrupt = CancelOnInterrupt.install(c, started.getSessionId());
              progress = new Progress("session " + started.getSessionId(), started.getHostsSelected());
              progress.update(0);
            }
            case HOST_RESULT -> results.add(update.getHostResult());
            case PROGRESS -> progress.update(update.getProgress().getHostsDone(), progressNote(update.getProgress()));
            case FINISHED -> summary = update.getFinished();
            default -> { }
          }
        }
      } catch (StatusRuntimeException e) {
        if (started == null || e.getStatus().getCode() != Status.Code.DEADLINE_EXCEEDED) {
          throw e;
        }
        if (progress != null) {
          progress.finish();
        }
        // the deadline ends only the watching (see SessionService.StartSession): the session runs on
        System.err.println("perfsim: stopped watching session " + started.getSessionId() + " after "
            + deadlineSeconds + " s; it goes on on the server: perfsim sessions cancel " + started.getSessionId()
            + (connection.target == null ? "" : " --target " + connection.target));
        return DEADLINE_PASSED;
      } finally {
        if (onInterrupt != null) {
          onInterrupt.remove();
        }
      }
      if (progress != null) {
        progress.finish();
      }
      Session session = Session.newBuilder().setSessionId(started.getSessionId()).setRequest(request)
          .addAllHostIds(started.getHostIdsList()).setSummary(summary).addAllHostResults(results).build();
      if (perfDataDir != null) {
        PerfDataFiles.write(perfDataDir, results, json ? System.err : System.out);
        // the files are on disk: the session as printed does not repeat their bytes
        session = session.toBuilder().clearHostResults()
            .addAllHostResults(results.stream().map(r -> r.toBuilder().clearPerfData().build()).toList()).build();
      }
      if (json) {
        System.out.println(JsonFormat.printer().print(session));
      } else {
        SessionText.print(session, started.getSeed(), explain);
      }
      if (report != null) {
        (json ? System.err : System.out).println("report: " + ReportCommand.write(
            org.perfsim.report.SessionReports.of(session), report, "--report"));
      }
      return HostFailures.of(results).exitStatus();
    }
  }

  /** What the session bar says after the host count: simulated time reached, guests panicked. */
  static String progressNote(org.perfsim.api.v1.SessionProgress progress) {
    String panicked = progress.getGuestsPanicked() + " guests panicked";
    if (!progress.hasSimulatedTime()) {
      return panicked;
    }
    com.google.protobuf.Duration t = progress.getSimulatedTime();
    return String.format(java.util.Locale.ROOT, "%.2f s simulated, %s", t.getSeconds() + t.getNanos() / 1e9, panicked);
  }

  /** The selector syntax of {@code --hosts}. */
  static HostSelector selector(String text) {
    String s = text.trim();
    HostSelector.Builder b = HostSelector.newBuilder();
    if (s.equals("all")) {
      return b.setAll(true).build();
    }
    if (s.matches("\\d+")) {
      try {
        return b.setCount(Integer.parseUnsignedInt(s)).build();
      } catch (NumberFormatException tooLarge) {
        throw new Choices.BadChoice("--hosts: " + s + " hosts is more than a fleet can hold");
      }
    }
    if (s.matches("\\d+(\\.\\d+)?%")) {
      return b.setPercent(Double.parseDouble(s.substring(0, s.length() - 1))).build();
    }
    List<String> parts = List.of(s.split(",", -1));
    if (parts.stream().allMatch(p -> p.contains("="))) {
      LabelSelector.Builder labels = LabelSelector.newBuilder();
      parts.forEach(p -> labels.putMatchLabels(p.substring(0, p.indexOf('=')), p.substring(p.indexOf('=') + 1)));
      return b.setLabels(labels).build();
    }
    if (parts.stream().noneMatch(p -> p.contains("=") || p.isBlank())) {
      return b.setIds(HostIdList.newBuilder().addAllIds(parts)).build();
    }
    throw new Choices.BadChoice("--hosts: '" + text + "' is not all, N, P%, ID,ID... or KEY=VALUE,...");
  }

}
