package org.perfsim.fuzz;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Fuzz inputs near valid ones (the coordinator's copy of pmu-engine's test helper of the same name: modules share no
 * test classes): a valid text with a few random edits (a character dropped, replaced or
 * doubled, a piece of the format's own vocabulary inserted, the text cut short), so that most inputs reach
 * deep into a reader instead of failing on their first character.
 */
public final class Mutations {
  private Mutations() {}

  /** One edit at a position given as a fraction of the text's length, so it applies to any text. */
  private record Edit(int kind, double at, double span, String piece) {
    String apply(String text) {
      int from = (int) (at * text.length());
      int to = Math.min(text.length(), from + (int) (span * 16));
      return switch (kind) {
        case 0 -> text.substring(0, from) + text.substring(to);
        case 1 -> text.substring(0, from) + piece + text.substring(from);
        case 2 -> text.substring(0, from) + piece + text.substring(to);
        case 3 -> text.substring(0, to) + text.substring(from, to) + text.substring(to);
        default -> text.substring(0, from);
      };
    }
  }

  /** Each of {@code seeds}, or one of them with up to {@code maxEdits} edits using {@code vocabulary}. */
  public static Arbitrary<String> of(List<String> seeds, List<String> vocabulary, int maxEdits) {
    Arbitrary<String> piece = Arbitraries.oneOf(Arbitraries.of(vocabulary),
        Arbitraries.strings().ofMaxLength(4), Arbitraries.of("\n", "\u0000", "\uffff", "-", "=", ":", " "));
    Arbitrary<Edit> edit = Combinators.combine(Arbitraries.integers().between(0, 4),
        Arbitraries.doubles().between(0, 1), Arbitraries.doubles().between(0, 1), piece).as(Edit::new);
    return Combinators.combine(Arbitraries.of(seeds), edit.list().ofMaxSize(maxEdits)).as((seed, edits) -> {
      String text = seed;
      for (Edit e : edits) {
        text = e.apply(text);
      }
      return text;
    });
  }
}
