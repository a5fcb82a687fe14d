package org.perfsim.tool;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.perfsim.groundtruth.GroundTruthEvents;
import org.perfsim.groundtruth.InstalledPerf;
import org.perfsim.groundtruth.PerfRun;

/**
 * For every event string of the ground-truth table that perf 6.1 accepts, the whole attr of
 * {@code perf record -vv -e EVENT --no-bpf-event -o /dev/null -- true} (its first printed block:
 * what a host with a PMU would receive) equals perfsim's, field by field as perf prints them.
 *
 * <p>{@code --no-bpf-event} only clears bpf_event on the tracking event, and saves the second each
 * successful run otherwise waits for perf's BPF side-band thread; the command lines without it are
 * checked in {@link Perf61CommandLineGroundTruthTest}.
 */
class Perf61RecordAttrGroundTruthTest {

  private static Map<List<String>, PerfRun> runs = Map.of();
  private static long startedNanos;

  static Stream<String> tableEvents() {
    return GroundTruthEvents.all().stream().filter(e -> !GroundTruthEvents.INVALID.contains(e));
  }

  private static List<String> argv(String event) {
    return InstalledPerf.recordArgv(event, "--no-bpf-event");
  }

  @BeforeAll
  static void runTheTableThroughPerf() {
    InstalledPerf.assumeAvailable();
    startedNanos = System.nanoTime();
    runs = PerfRuns.runAll(tableEvents().map(Perf61RecordAttrGroundTruthTest::argv).toList());
  }

  @AfterAll
  static void reportRuntime() {
    if (startedNanos != 0) {
      System.err.printf("perf 6.1 record attrs: %d event strings, %d ms of perf runs%n",
          runs.size(), (System.nanoTime() - startedNanos) / 1_000_000);
    }
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @MethodSource("tableEvents")
  void perfsimSendsTheAttrPerf61Sends(String event) {
    PerfRun perf = runs.get(argv(event));
    Assumptions.assumeTrue(perf.acceptedEvents(), () -> "perf 6.1 rejects '" + event + "'");
    Map<String, String> theirs = perf.firstAttr().orElseThrow(
        () -> new AssertionError("perf printed no attr:\n" + perf.stderr()));

    VendorDifferences.assertAttrsMatch(argv(event), List.of(theirs), 1);
  }
}
