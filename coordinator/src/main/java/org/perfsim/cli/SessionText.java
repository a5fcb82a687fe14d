package org.perfsim.cli;

import com.google.protobuf.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import org.perfsim.api.v1.FirstPanicSpread;
import org.perfsim.api.v1.HostSessionResult;
import org.perfsim.api.v1.Outcome;
import org.perfsim.api.v1.Session;
import org.perfsim.api.v1.SessionState;
import org.perfsim.api.v1.SessionSummary;
import org.perfsim.coordinator.ApiMessages;
import org.perfsim.coordinator.core.Defaults;

/** A session as text: the one rendering of {@code run} and {@code sessions get}. */
final class SessionText {
  private SessionText() {}

  /**
   * The session's header line, one row per host that reported, the explanations when asked, and the summary
   * line: what {@code run} prints when the session ends and what {@code sessions get} prints.
   */
  static void print(Session session, long seed, boolean explain) {
    List<HostSessionResult> results = session.getHostResultsList();
    SessionSummary summary = session.getSummary();
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
    String perf = session.getRequest().getPerfGeneration();
    System.out.println("session " + session.getSessionId() + ": " + String.join(" ",
        session.getRequest().getArgv().getArgsList()) + " on " + session.getHostIdsCount() + " hosts (perf "
        + (perf.isEmpty() ? "as installed" : perf) + ", seed " + seed + ")");
    // on a terminal the table fits its width by cutting perf's message (--json and a pipe get it whole)
    OptionalInt columns = terminalColumns();
    System.out.print(columns.isPresent() ? table.toText(columns.getAsInt(), 2) : table.toText());
    if (explain) {
      for (HostSessionResult r : byHost) {
        if (r.getNodeError().isEmpty()) {
          System.out.println(r.getHostId() + ": " + outcome(r.getOutcome()));
          ExplanationText.lines(r.getExplanation()).forEach(l -> System.out.println("    " + l));
        }
      }
    }
    System.out.println(state(summary.getState()) + ": " + summary.getHostsDone() + "/" + summary.getHostsTotal() + " hosts"
        + HostFailures.of(results).summaryText() + ", " + summary.getGuestsPanicked()
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

  /** The terminal's width when stdout is one: $COLUMNS if exported, else what {@code stty size} says. */
  private static OptionalInt terminalColumns() {
    if (System.console() == null) {
      return OptionalInt.empty();
    }
    String env = System.getenv("COLUMNS");
    if (env != null && env.matches("\\d{1,4}")) {
      return OptionalInt.of(Integer.parseInt(env));
    }
    try {
      Process stty = new ProcessBuilder("stty", "size").redirectInput(new java.io.File("/dev/tty")).start();
      String out = new String(stty.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
      return stty.waitFor() == 0 && out.matches("\\d+ \\d+")
          ? OptionalInt.of(Integer.parseInt(out.substring(out.indexOf(' ') + 1))) : OptionalInt.empty();
    } catch (java.io.IOException e) {
      return OptionalInt.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalInt.empty();
    }
  }

  /** The state as a word: running, finished, cancelled, interrupted. */
  static String state(SessionState state) {
    return state.name().substring("SESSION_STATE_".length()).toLowerCase(Locale.ROOT);
  }

  /** The seed the session runs with: the request's, or the default the server fills in. */
  static long seed(Session session) {
    return session.getRequest().hasSeed() ? session.getRequest().getSeed() : Defaults.SEED;
  }

  /** The outcome word the CLI uses everywhere (the domain's, e.g. "error" for OUTCOME_OTHER_ERROR). */
  private static String outcome(Outcome outcome) {
    return ApiMessages.domainOutcome(outcome).map(org.perfsim.session.Outcome::word).orElse("-");
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  /** To the microsecond: seeded hosts panic within a fraction of a millisecond of each other. */
  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.6f s", d.getSeconds() + d.getNanos() / 1e9);
  }
}
