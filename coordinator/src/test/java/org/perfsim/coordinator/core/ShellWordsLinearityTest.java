package org.perfsim.coordinator.core;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A command line of 200 000 characters of any quoting is split or refused within a bound. */
class ShellWordsLinearityTest {
  @Property(tries = 20)
  void hugeLinesAreSplitOrRefusedWithinTheBound(@ForAll("piece") String piece) {
    String line = piece.repeat(200_000 / piece.length());
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> { // generous on a loaded machine; quadratic takes minutes
      try {
        ShellWords.split(line);
      } catch (IllegalArgumentException refused) {
        // an unbalanced quote or a trailing backslash: refused, which is what this bounds too
      }
    });
  }

  @Provide
  Arbitrary<String> piece() {
    return Arbitraries.of("'", "\"", "\\", "a ", "'a'", "\"a\\\"\"", " ", "\t", "'\"", "\"'", "a\\ b", "''\"\"")
        .list().ofMinSize(1).ofMaxSize(4).map(parts -> String.join("", parts));
  }
}
