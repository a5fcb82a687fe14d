package org.perfsim.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.perfsim.events.PerfGeneration;
import org.perfsim.fuzz.Mutations;

/**
 * The CLI verbs that read what a user typed or pasted, given random and nearly valid input: exit 0, or exit 2
 * with a message on stderr; never a stack trace or another status.
 */
class CliFuzzTest {

  @Property(tries = 150)
  void attrOfAnyCommandLineExitsZeroOrTwoWithPerfsText(@ForAll("argv") List<String> argv,
      @ForAll PerfGeneration generation) {
    List<String> args = new ArrayList<>(List.of("attr", "--perf-version", generation.id(), "--"));
    args.addAll(argv);
    assertZeroOrTwo(CliVerbsTest.run(args.toArray(String[]::new)), args);
  }

  @Property(tries = 100)
  void attrFromAnyTextExitsZeroOrTwo(@ForAll("attrText") String text) {
    withFile(text, file -> assertZeroOrTwo(CliVerbsTest.run("attr", "--from", file.toString(), "--cpu", "ivybridge"),
        List.of(text)));
  }

  @Property(tries = 100)
  void experimentValidateOfAnyFileExitsZeroOrTwo(@ForAll("experiment") String text) {
    withFile(text, file -> assertZeroOrTwo(CliVerbsTest.run("experiment", "validate", file.toString()),
        List.of(text)));
  }

  private static void assertZeroOrTwo(CliVerbsTest.Run run, List<String> input) {
    assertTrue(run.status() == 0 || run.status() == PerfsimCli.USAGE_ERROR, () -> run + " for " + input);
    if (run.status() != 0) {
      assertFalse(run.err().isBlank(), () -> "no message for " + input);
    }
    assertFalse(run.err().contains("\tat org.perfsim") || run.err().contains("Exception"),
        () -> "a stack trace or exception name for " + input + ":\n" + run.err());
  }

  private interface FileUse {
    void accept(Path file);
  }

  private static void withFile(String text, FileUse use) {
    try {
      Path dir = Files.createTempDirectory("perfsim-cli-fuzz");
      Path file = dir.resolve("input.yaml");
      Files.writeString(file, text);
      try {
        use.accept(file);
      } finally {
        Files.delete(file);
        Files.delete(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Provide
  Arbitrary<List<String>> argv() {
    Arbitrary<String> word = Arbitraries.oneOf(Arbitraries.of("perf", "record", "stat", "-e", "cycles:pp",
        "{cycles,instructions}:S", "cpu/event=0x3c/", "-c", "-F", "1", "max", "-a", "-C", "0-3", "-g",
        "--call-graph", "dwarf", "--", "sleep", "1", "-", "=", ""), Arbitraries.strings().ofMaxLength(6));
    return word.list().ofMaxSize(10);
  }

  @Provide
  Arbitrary<String> attrText() {
    return Mutations.of(List.of("perf_event_attr:\n  size 128\n  precise_ip 2\n  exclude_guest 1\n",
        "perf_event_open({type=PERF_TYPE_HARDWARE, size=PERF_ATTR_SIZE_VER7, config=PERF_COUNT_HW_CPU_CYCLES, "
            + "precise_ip=3, ...}, -1, 0, -1, 0) = 3", "00000000400000000000000000000000"),
        List.of("precise_ip", "size", "0x", "=", "|", "...", "perf_event_attr:", "-1"), 3);
  }

  @Provide
  Arbitrary<String> experiment() {
    return Mutations.of(List.of("title: t\nfleet:\n  - {group: web, hosts: 2}\nsteady-state-hypothesis: "
        + "{guests-running-at-least: 99%}\nmethod:\n  - run: perf stat -a -- sleep 1\n    selector: {mode: one}\n"),
        List.of("hosts: ", "mode: ", "fixed", "value: ", "101%", "-1", "99999999999", "run: ", "perf record -c 1",
            "{", "}", "[", "]", "&a", "*a", ": "), 3);
  }
}
