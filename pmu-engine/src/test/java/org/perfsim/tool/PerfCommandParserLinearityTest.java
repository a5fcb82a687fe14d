package org.perfsim.tool;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.perfsim.events.PerfGeneration;

/**
 * perf's command-line reading is linear too: 20 000 words of any option, or one huge word, are read or
 * refused within a bound a per-word rescan of the argv would miss by far.
 */
class PerfCommandParserLinearityTest {
  /** Generous on a loaded machine; a per-word rescan takes minutes. */
  private static final Duration BOUND = Duration.ofSeconds(20);

  @Property(tries = 15)
  void manyWordsOfOneKindAreReadWithinTheBound(@ForAll("word") String word, @ForAll PerfGeneration generation) {
    List<String> argv = new ArrayList<>(List.of("perf", "record"));
    for (int i = 0; i < 20_000; i++) {
      argv.add(word);
    }
    argv.addAll(List.of("--", "sleep", "1"));
    assertTimeoutPreemptively(BOUND, () -> assertNotNull(PerfCommandParser.parse(argv, generation)));
  }

  @Property(tries = 8)
  void oneHugeWordIsReadWithinTheBound(@ForAll("word") String word, @ForAll PerfGeneration generation) {
    String huge = word.repeat(200_000 / word.length());
    assertTimeoutPreemptively(BOUND, () -> assertNotNull(PerfCommandParser.parse(
        List.of("perf", "record", huge, "--", "sleep", "1"), generation)));
    assertTimeoutPreemptively(BOUND, () -> assertNotNull(PerfCommandParser.parse(
        List.of("perf", "stat", "-e", huge, "-C", huge, "--", "sleep", huge), generation)));
  }

  @Provide
  Arbitrary<String> word() {
    return Arbitraries.of("-a", "-e", "cycles", "-c", "1000", "-F", "-g", "--call-graph", "dwarf", "-C", "0,1",
        "-p", "-v", "-vv", "-o", "--no-inherit", "-", "--", "x", "-aaaa", "--freq=99", "-e=cycles", "0-3,");
  }
}
