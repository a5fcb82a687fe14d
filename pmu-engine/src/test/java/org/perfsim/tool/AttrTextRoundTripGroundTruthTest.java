package org.perfsim.tool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.perfsim.abi.AttrCodec;
import org.perfsim.groundtruth.GroundTruthEvents;
import org.perfsim.groundtruth.GroundTruthMachine;
import org.perfsim.groundtruth.InstalledPerf;
import org.perfsim.groundtruth.PerfRun;

/**
 * Round trip: what the installed perf 6.1 prints with {@code -vv} for every ground-truth event string it accepts,
 * read back by {@link AttrText}, is byte for byte the attr perfsim encodes for that event on this machine's CPU
 * vendor; and the attr strace shows perf passing to the kernel reads back as the same bytes as perf's own block.
 */
class AttrTextRoundTripGroundTruthTest {
  private static final Path STRACE = Path.of("/usr/bin/strace");
  private static Map<List<String>, PerfRun> runs = Map.of();

  static Stream<String> tableEvents() {
    return GroundTruthEvents.all().stream().filter(e -> !GroundTruthEvents.INVALID.contains(e));
  }

  private static List<String> argv(String event) {
    return InstalledPerf.recordArgv(event, "--no-bpf-event");
  }

  @BeforeAll
  static void runTheTableThroughPerf() {
    InstalledPerf.assumeAvailable();
    runs = PerfRuns.runAll(tableEvents().map(AttrTextRoundTripGroundTruthTest::argv).toList());
  }

  @AfterAll
  static void forget() {
    runs = Map.of();
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @MethodSource("tableEvents")
  void perfsVerboseOutputReadsBackAsPerfsimsOwnBytes(String event) {
    PerfRun perf = runs.get(argv(event));
    Assumptions.assumeTrue(perf.acceptedEvents(), () -> "perf 6.1 rejects '" + event + "'");
    AttrText.Parsed parsed = AttrText.parse(perf.stderr());

    byte[] ours = AttrCodec.encode(AttrBuilder.build(VendorDifferences.perfsim61(argv(event),
        GroundTruthMachine.realVendor())).get(0).attr());
    assertEquals(AttrText.Form.PERF_VERBOSE, parsed.form());
    assertEquals(AttrCodec.hex(ours), AttrCodec.hex(parsed.bytes()), "perf -vv's first block, read back");
    assertEquals(List.of(), parsed.notes());
  }

  @ParameterizedTest(name = "strace and -vv agree: ''{0}''")
  @ValueSource(strings = {"cycles", "cycles:P", "instructions:u", "cycles:k", "L1-dcache-load-misses", "r1c2:pp",
      "cycles/period=100000/"})
  void straceShowsTheBytesPerfPrints(String event, @TempDir Path dir) throws IOException, InterruptedException {
    InstalledPerf.assumeAvailable();
    Assumptions.assumeTrue(Files.isExecutable(STRACE), "strace not installed");
    Path trace = dir.resolve("trace");
    Path err = dir.resolve("err");
    ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of(STRACE.toString(), "-v", "-f", "-e",
        "trace=perf_event_open", "-o", trace.toString(), InstalledPerf.PERF.toString()), argv(event).stream())
        .toList()).redirectError(err.toFile()).redirectOutput(dir.resolve("out").toFile());
    pb.environment().put("LC_ALL", "C");
    pb.environment().put("PERF_CONFIG_NOSYSTEM", "1");
    pb.environment().put("PERF_CONFIG_NOGLOBAL", "1");
    Process p = pb.start();
    Assumptions.assumeTrue(p.waitFor(60, TimeUnit.SECONDS), "strace did not finish");
    Assumptions.assumeTrue(Files.exists(trace), "strace could not trace here");
    // perf's feature probes open events with no sample_type; its first open of the user event has one
    String line = Files.readAllLines(trace).stream()
        .filter(l -> l.contains("perf_event_open(") && !l.contains("sample_type=0,"))
        .findFirst().orElseThrow(() -> new AssertionError("no perf_event_open of the event in the trace"));
    AttrText.Parsed fromStrace = AttrText.parse(line);
    AttrText.Parsed fromPerf = AttrText.parse(Files.readString(err));

    assertEquals(AttrText.Form.STRACE, fromStrace.form());
    assertArrayEquals(fromPerf.bytes(), fromStrace.bytes(), line);
  }
}
