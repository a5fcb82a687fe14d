package org.perfsim.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.perfsim.groundtruth.GroundTruthMachine;
import org.perfsim.groundtruth.InstalledPerf;
import org.perfsim.groundtruth.PerfRun;
import org.perfsim.groundtruth.VerboseOutput;

/**
 * Whole command lines through perf 6.1 and perfsim: every attr block perf printed for a first open
 * attempt (the first event always; the later ones where the earlier opened, i.e. software events)
 * equals perfsim's attr of that event, field by field. perf stat opening per CPU prints one block
 * per CPU, so there only the first is compared. What perf printed while reading its options
 * (throttling, {@code -F max}) must appear among perfsim's notices. perfsim is told this machine's
 * CPU vendor, CPUs and limits ({@link GroundTruthMachine}); with the vendor forced to the other one,
 * {@link VendorDifferences} says how the comparison is made.
 */
class Perf61CommandLineGroundTruthTest {

  private static final String OUT = "-o /dev/null";

  /** Each line is split on blanks; {@code @} stands for a blank inside one argument. */
  static Stream<String> commandLines() {
    return Stream.of(
        "record -vv " + OUT + " -- true",
        "record -vv -e cycles:pp " + OUT + " -- true",
        "record -vv -c 100000 -e cycles " + OUT + " -- true",
        "record -vv -c 0 -e cpu-clock " + OUT + " -- true",
        "record -vv -F 99 -e cycles:u " + OUT + " -- true",
        "record -vv -F max -e cpu-clock " + OUT + " -- true",
        "record -vv -F 200000 -e cpu-clock " + OUT + " -- true",
        "record -vv -g -e cycles:pp " + OUT + " -- true",
        "record -vv --call-graph dwarf -e cpu-clock " + OUT + " -- true",
        "record -vv --call-graph=dwarf,4000 -e cycles " + OUT + " -- true",
        "record -vv --call-graph lbr -e cycles:u " + OUT + " -- true",
        "record -vv --call-graph lbr -e cycles:k " + OUT + " -- true",
        "record -vv -a -e cycles:pp " + OUT + " -- true",
        "record -vv -a -e cpu-clock " + OUT + " -- true",
        "record -vv -a -g -c 1000000 -e cpu-clock " + OUT + " -- true",
        "record -vv -C 0 -e cpu-clock " + OUT + " -- true",
        "record -vv -C 0-1 -e cycles:P " + OUT + " -- true",
        "record -vv --no-inherit -e cycles " + OUT + " -- true",
        "record -vv -i -e cpu-clock,task-clock " + OUT + " -- true",
        "record -vv -p 1 -e cpu-clock " + OUT + " -- true",
        "record -vv -e cpu-clock -e task-clock:u " + OUT + " -- true",
        "record -vv -e cycles -e instructions " + OUT + " -- true",
        "record -vv -e {cpu-clock,task-clock} " + OUT + " -- true",
        "record -vv -e {cpu-clock,task-clock}:S " + OUT + " -- true",
        "record -vv -a -e {cpu-clock,task-clock:u}:S " + OUT + " -- true",
        "record -vv -e {cycles,instructions}:S " + OUT + " -- true",
        "record -vv -e cpu-clock:S,page-faults " + OUT + " -- true",
        "record -vv -e cpu-clock/period=1000/,task-clock -F 99 " + OUT + " -- true",
        "record -vv -c 5 -e cycles/period=1000/ " + OUT + " -- true",
        "record -vv --no-bpf-event -a -e cycles:P " + OUT + " -- true",
        "record -agvv -e cpu-clock " + OUT + " true",
        "record -vv --count=20000 --cpu=1 --event=cpu-clock " + OUT + " true",
        "stat -vv -- true",
        "stat -vv -e cycles:pp -- true",
        "stat -vv -e cycles:P -- true",
        "stat -vv -a -e cycles -- true",
        "stat -vv -C 0 -e cpu-clock -- true",
        "stat -vv -e {cpu-clock,task-clock} -- true",
        "stat -vv -i -e cpu-clock,task-clock:u -- true",
        "stat -vv -p 1 -e cpu-clock -- true");
  }

  private static List<String> argv(String line) {
    return Arrays.stream(line.split(" ")).map(w -> w.replace('@', ' ')).toList();
  }

  /**
   * What the installed perf runs: the same line, with record told not to synthesize /proc. A
   * system-wide record otherwise reads every process's maps, which stalled past a minute while the
   * test JVM itself was busy; synthesis changes no attr (checked by diffing the -vv output).
   */
  private static List<String> perfArgv(String line) {
    List<String> argv = new ArrayList<>(argv(line));
    if (argv.get(0).equals("record")) {
      argv.add(1, "--synth=no");
    }
    return List.copyOf(argv);
  }

  private static Map<List<String>, PerfRun> runs = Map.of();
  private static long startedNanos;

  @BeforeAll
  static void runTheCommandLinesThroughPerf() {
    InstalledPerf.assumeAvailable();
    startedNanos = System.nanoTime();
    runs = PerfRuns.runAll(commandLines().map(Perf61CommandLineGroundTruthTest::perfArgv).toList());
    System.err.println("perf 6.1 command lines: " + GroundTruthMachine.describe());
  }

  @AfterAll
  static void reportRuntime() {
    if (startedNanos != 0) {
      System.err.printf("perf 6.1 command lines: %d runs, %d ms%n", runs.size(),
          (System.nanoTime() - startedNanos) / 1_000_000);
    }
  }

  @ParameterizedTest(name = "[{index}] perf {0}")
  @MethodSource("commandLines")
  void everyAttrPerfPrintedMatchesPerfsim(String line) {
    PerfRun perf = runs.get(perfArgv(line));
    List<Map<String, String>> theirs = VerboseOutput.firstAttemptBlocks(perf.stderr()).stream()
        .filter(block -> !isTrackingDummy(block)).toList();
    assertFalse(theirs.isEmpty(), () -> "perf printed no attr:\n" + perf.stderr());
    PerfCommand command = VendorDifferences.perfsim61(argv(line), GroundTruthMachine.realVendor());
    int built = AttrBuilder.build(command).size();

    boolean perCpuStat = command.verb() == PerfVerb.STAT && command.hasCpuTarget();
    int compared = perCpuStat ? 1 : theirs.size();
    assertTrue(compared <= built, () -> "perf opened " + theirs.size() + " events, perfsim "
        + "built " + built + ":\n" + perf.stderr());
    VendorDifferences.assertAttrsMatch(argv(line), theirs, compared);
  }

  /**
   * perf record adds a software dummy event after the user's events to receive mmap/comm/bpf side
   * records; perfsim models only the events the user asked for.
   */
  private static boolean isTrackingDummy(Map<String, String> block) {
    return "1".equals(block.get("type")) && "0x9".equals(block.get("config"));
  }

  @ParameterizedTest(name = "[{index}] perf {0}")
  @MethodSource("commandLines")
  void whatPerfSaidAboutItsOptionsPerfsimSaysToo(String line) {
    PerfRun perf = runs.get(perfArgv(line));
    PerfCommand command = VendorDifferences.perfsim61(argv(line), GroundTruthMachine.forcedVendor());

    for (String notice : command.notices()) {
      assertTrue(perf.stderr().contains(notice), () -> "perf did not print:\n" + notice);
    }
  }
}
