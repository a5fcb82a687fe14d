package org.perfsim.tool;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;

/**
 * Whatever the argv, perf's command-line reading answers with a command or perf's own refusal text, for
 * every perf generation and CPU vendor; no exception escapes, and an accepted command builds its attrs.
 */
class PerfCommandParserFuzzTest {

  @Property(tries = 400)
  void optionLikeArgvIsAcceptedOrRefusedWithPerfsText(@ForAll("optionLike") List<String> argv,
      @ForAll PerfGeneration generation, @ForAll CpuModel cpu) {
    readOrRefuse(argv, generation, cpu);
  }

  @Property(tries = 200)
  void arbitraryWordsAreAcceptedOrRefusedWithPerfsText(@ForAll("anyWords") List<String> argv,
      @ForAll PerfGeneration generation, @ForAll CpuModel cpu) {
    readOrRefuse(argv, generation, cpu);
  }

  private static void readOrRefuse(List<String> argv, PerfGeneration generation, CpuModel cpu) {
    CommandLineResult result = PerfCommandParser.parse(argv, generation, cpu);
    if (result instanceof CommandLineResult.Rejected rejected) {
      assertFalse(rejected.error().text().isBlank(), "a refusal says why: " + argv);
    } else {
      PerfCommand command = ((CommandLineResult.Accepted) result).command();
      assertNotNull(AttrBuilder.build(command), "attrs of " + argv);
    }
  }

  /** perf, a verb, then words from perf record's and perf stat's option vocabulary and its values. */
  @Provide
  Arbitrary<List<String>> optionLike() {
    Arbitrary<String> verb = Arbitraries.of("record", "stat", "top", "recor", "");
    Arbitrary<String> word = Arbitraries.of("-e", "--event", "-e=cycles", "--event=cycles:pp", "cycles", "cycles:pp",
        "instructions:u", "{cycles,instructions}:S", "cpu/event=0x3c,period=1000/", "r1c2", "-c", "-F", "--freq",
        "max", "1", "0", "-1", "4000", "99999999999999999999", "0x10", "-a", "--all-cpus", "-C", "0-3", "0,2",
        "3-1", "-p", "-t", "-g", "--call-graph", "dwarf", "fp", "lbr", "dwarf,65528", "-b", "-j", "any_call,u",
        "-d", "-T", "-P", "-W", "-N", "-R", "--no-inherit", "-o", "perf.data", "-x", ",", "-I", "100", "-r", "3",
        "-G", "cgroup", "--", "sleep", "10", "sleep", "-h", "--help", "-", "--=", "-q", "-v", "-vv", "--raw-samples",
        "-m", "512", "--mmap-pages=1K", "-S", "--switch-output", "--user-regs=ax", "--intr-regs", "--sample-cpu",
        "-M", "metric", "--per-core", "-A", "--no-aggr", "--exclude-guest", "k", "'", "\"", "\u0000", "é");
    return Arbitraries.oneOf(verb.map(List::of), verb.map(v -> List.of("perf", v)))
        .flatMap(head -> word.list().ofMaxSize(14).map(tail -> concat(head, tail)));
  }

  @Provide
  Arbitrary<List<String>> anyWords() {
    return Arbitraries.strings().ofMaxLength(12).list().ofMaxSize(8)
        .map(tail -> concat(List.of("perf", "record"), tail));
  }

  private static List<String> concat(List<String> head, List<String> tail) {
    return java.util.stream.Stream.concat(head.stream(), tail.stream()).toList();
  }
}
