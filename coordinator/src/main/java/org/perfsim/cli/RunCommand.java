package org.perfsim.cli;

import org.perfsim.coordinator.core.Defaults;
import com.google.protobuf.Duration;
import com.google.protobuf.util.JsonFormat;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.perfsim.api.v1.Argv;
import org.perfsim.api.v1.FirstPanicSpread;
import org.perfsim.api.v1.HostIdList;
import org.perfsim.api.v1.HostSelector;
import org.perfsim.api.v1.HostSessionResult;
import org.perfsim.api.v1.LabelSelector;
import org.perfsim.api.v1.Outcome;
import org.perfsim.api.v1.Session;
import org.perfsim.api.v1.SessionServiceGrpc;
import org.perfsim.api.v1.SessionStarted;
import org.perfsim.api.v1.SessionSummary;
import org.perfsim.api.v1.SessionUpdate;
import org.perfsim.api.v1.StartSessionRequest;
import org.perfsim.coordinator.ApiMessages;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code perfsim run -- perf record ...}: one perf session across the fleet (SessionService.StartSession). */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Runs a perf command line on the selected hosts at once, shows progress while hosts report,",
        "then one row per host. Example:",
        "  perfsim run --target 127.0.0.1:50051 --hosts 50%% -- perf record -e cycles:pp -ag -- sleep 10"})
public final class RunCommand implements Callable<Integer> {
  @Mixin CoordinatorConnection.Options connection;

  @Option(names = "--hosts", defaultValue = "all", paramLabel = "SELECTOR",
      description = "all | N (a count) | P%% (a share) | ID,ID... | KEY=VALUE,... (labels); default ${DEFAULT-VALUE}")
  String hosts;

  @Option(names = "--perf-version", description = "run this perf generation instead of each host's installed one")
  String perfVersion;

  @Option(names = "--seed", description = "simulation seed (default " + Defaults.SEED + "); host i of the selection uses seed + i")
  Long seed;

  @Option(names = "--deadline", defaultValue = "600", description = "seconds to watch the session (default ${DEFAULT-VALUE})")
  long deadlineSeconds;

  @Option(names = "--json", description = "the session (as GetSession with the full view) as JSON")
  boolean json;

  @Option(names = "--explain", description = "under the table, why each host came out so: attr bits, kernel "
      + "rule, PEBS at VM entry, perf's fallbacks (--json always carries each host's explanation)")
  boolean explain;

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
    try (CoordinatorConnection c = CoordinatorConnection.open(connection)) {
      Iterator<SessionUpdate> updates = SessionServiceGrpc.newBlockingStub(c.channel())
          .withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS).startSession(request.build());
      SessionStarted started = null;
      List<HostSessionResult> results = new ArrayList<>();
      SessionSummary summary = null;
      Progress progress = null;
      while (updates.hasNext()) {
        SessionUpdate update = updates.next();
        switch (update.getUpdateCase()) {
          case STARTED -> {
            started = update.getStarted();
            progress = new Progress("session " + started.getSessionId(), started.getHostsSelected());
            progress.update(0);
          }
          case HOST_RESULT -> results.add(update.getHostResult());
          case PROGRESS -> progress.update(update.getProgress().getHostsDone(),
              update.getProgress().getGuestsPanicked() + " guests panicked");
          case FINISHED -> summary = update.getFinished();
          default -> { }
        }
      }
      if (progress != null) {
        progress.finish();
      }
      if (json) {
        System.out.println(JsonFormat.printer().print(Session.newBuilder().setSessionId(started.getSessionId())
            .setRequest(request).addAllHostIds(started.getHostIdsList()).setSummary(summary)
            .addAllHostResults(results).build()));
      } else {
        print(started, results, summary, explain);
      }
    }
    return 0;
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

  private static void print(SessionStarted started, List<HostSessionResult> results, SessionSummary summary,
      boolean explain) {
    // perf's samples (what perf received) beside what the PEBS assist wrote into guests (what perf never saw)
    TextTable table = new TextTable(List.of("HOST", "OUTCOME", "PERF", "PERF SAMPLES HOST", "PERF SAMPLES GUEST",
        "PEBS→GUEST RECS", "PEBS→GUEST BYTES", "GUESTS PANICKED", "FIRST PANIC", "LAST PANIC"));
    List<HostSessionResult> byHost = new ArrayList<>(results);
    byHost.sort(java.util.Comparator.comparing(HostSessionResult::getHostId));
    for (HostSessionResult r : byHost) {
      long guestSamples = r.getSamplesPerGuestMap().values().stream().mapToLong(Long::longValue).sum();
      table.add(List.of(r.getHostId(), r.getNodeError().isEmpty() ? outcome(r.getOutcome()) : "node-error",
          firstLine(r.getNodeError().isEmpty() ? r.getPerfMessage() : r.getNodeError()),
          String.valueOf(r.getSamplesHost()), String.valueOf(guestSamples),
          String.valueOf(r.getPebsRecordsIntoGuests()), String.valueOf(r.getBytesWrittenIntoGuests()),
          r.getGuestsPanickedCount() + "", r.hasFirstPanicTime() ? seconds(r.getFirstPanicTime()) : "-",
          r.hasLastPanicTime() ? seconds(r.getLastPanicTime()) : "-"));
    }
    System.out.println("session " + started.getSessionId() + ": " + String.join(" ", started.getArgvList())
        + " on " + started.getHostsSelected() + " hosts (perf " + (started.getPerfGeneration().isEmpty()
            ? "as installed" : started.getPerfGeneration()) + ", seed " + started.getSeed() + ")");
    System.out.print(table.toText());
    if (explain) {
      for (HostSessionResult r : byHost) {
        if (r.getNodeError().isEmpty()) {
          System.out.println(r.getHostId() + ": " + outcome(r.getOutcome()));
          ExplanationText.lines(r.getExplanation()).forEach(l -> System.out.println("    " + l));
        }
      }
    }
    System.out.println(summary.getState().name().substring("SESSION_STATE_".length()).toLowerCase(Locale.ROOT)
        + ": " + summary.getHostsDone() + "/" + summary.getHostsTotal() + " hosts, " + summary.getGuestsPanicked()
        + " guests panicked, " + summary.getGuestsHit() + " guests hit by PEBS writes ("
        + results.stream().mapToLong(HostSessionResult::getPebsRecordsIntoGuests).sum() + " records, "
        + summary.getBytesWrittenIntoGuests() + " bytes)" + (summary.hasFirstPanicTime()
            ? ", panics from " + seconds(summary.getFirstPanicTime()) + " to " + seconds(summary.getLastPanicTime())
            : "") + (summary.hasFirstPanicSpread() ? spread(summary.getFirstPanicSpread()) : ""));
  }

  /** {@code ; first panic per host: min ..., median ..., p99 ..., max ... (N hosts)}. */
  private static String spread(FirstPanicSpread s) {
    return "; first panic per host: min " + seconds(s.getMin()) + ", median " + seconds(s.getMedian()) + ", p99 "
        + seconds(s.getP99()) + ", max " + seconds(s.getMax()) + " (" + s.getHosts() + (s.getHosts() == 1 ? " host)" : " hosts)");
  }

  /** The outcome word the CLI uses everywhere (the domain's, e.g. "error" for OUTCOME_OTHER_ERROR). */
  private static String outcome(Outcome outcome) {
    return java.util.Arrays.stream(org.perfsim.session.Outcome.values())
        .filter(o -> ApiMessages.outcome(o) == outcome).findFirst().map(org.perfsim.session.Outcome::word)
        .orElse("-");
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  /** To the microsecond: seeded hosts panic within a fraction of a millisecond of each other. */
  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.6f s", d.getSeconds() + d.getNanos() / 1e9);
  }
}
