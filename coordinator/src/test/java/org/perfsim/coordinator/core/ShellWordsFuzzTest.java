package org.perfsim.coordinator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Command lines of any quoting: words or a refusal naming the quote or backslash; quoted words come back as they were. */
class ShellWordsFuzzTest {

  @Property(tries = 1000)
  void anyLineIsSplitOrRefusedNamingWhy(@ForAll("quoting") String line) {
    try {
      ShellWords.split(line).forEach(word -> assertFalse(word == null));
    } catch (IllegalArgumentException refused) {
      assertFalse(refused.getMessage().isBlank());
    }
  }

  @Property(tries = 500)
  void wordsQuotedSinglySplitBackToThemselves(@ForAll("words") List<String> words) {
    String line = words.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
    assertEquals(words, ShellWords.split(line));
  }

  @Provide
  Arbitrary<String> quoting() {
    return Arbitraries.oneOf(Arbitraries.strings(), Arbitraries.of("'", "\"", "\\", " ", "\t", "\n", "a", "$", "`",
        "\\\"", "\\'").list().ofMaxSize(20).map(parts -> String.join("", parts)));
  }

  @Provide
  Arbitrary<List<String>> words() {
    return Arbitraries.strings().ofMaxLength(10).list().ofMaxSize(6);
  }
}
