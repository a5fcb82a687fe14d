package org.perfsim.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.function.IntPredicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The event parser is linear in its input: a string of 200 000 characters of any shape that used to cost
 * a rescan per character is parsed or refused well within a bound a quadratic parser misses by far (40 000
 * slashes took 7 s before the look-ahead tables). The tables answer exactly as the patterns they replace.
 */
class EventParserLinearityTest {

  private static final int HUGE = 200_000;
  /** Generous for a linear parse on a loaded machine (0.3 s idle, 2.5 s with the cores busy); a rescan per character takes minutes. */
  private static final Duration BOUND = Duration.ofSeconds(20);

  @Property(tries = 12)
  void hugeStringsOfOnePieceAreParsedOrRefusedWithinTheBound(@ForAll("piece") String piece,
      @ForAll PerfGeneration generation) {
    String events = piece.repeat(HUGE / piece.length());
    assertTimeoutPreemptively(BOUND, () -> parseOrReject(events, generation), () -> "'" + piece + "' x "
        + HUGE / piece.length() + " under perf " + generation.id());
  }

  @Property(tries = 6)
  void hugeStringsOfMixedPiecesAreParsedOrRefusedWithinTheBound(@ForAll("mixed") String events,
      @ForAll PerfGeneration generation) {
    assertTimeoutPreemptively(BOUND, () -> parseOrReject(events, generation));
  }

  @Provide
  Arbitrary<String> piece() {
    return Arbitraries.of("/", "{", "}", ",", "a/,", "a.o", ".c", "cycles,", "cycles:u", "u", "cpu/event=1,",
        "a/", "{a", "'a", "=", "r1", ":", "@a", "x.bpf/");
  }

  @Provide
  Arbitrary<String> mixed() {
    return Arbitraries.of("/", "{", "}", ",", "a", ".o", ".c", "cycles", ":", "u", "pp", "cpu/", "=", "'")
        .list().ofSize(64).map(parts -> String.join("", parts))
        .map(block -> block.repeat(HUGE / Math.max(1, block.length())));
  }

  @Property(tries = 300)
  void lookAheadTablesMatchTheNaivePatternsEverywhere(@ForAll("small") String in) {
    EventPatterns.Ahead ahead = new EventPatterns.Ahead(in);
    for (int pos = 0; pos < in.length(); pos++) {
      assertEquals(naiveSpan(in, pos, c -> ",{}/".indexOf(c) < 0), ahead.event(pos), in + " @" + pos);
      assertEquals(naiveGroup(in, pos), ahead.group(pos), "group " + in + " @" + pos);
      assertEquals(naiveEventPmu(in, pos), ahead.eventPmu(pos), "event_pmu " + in + " @" + pos);
      assertEquals(naiveBpf(in, pos, ".o", ".bpf"), ahead.bpf(pos, ".o", ".bpf"), "bpf " + in + " @" + pos);
      assertEquals(naiveBpf(in, pos, ".c"), ahead.bpf(pos, ".c"), "bpf source " + in + " @" + pos);
    }
  }

  @Provide
  Arbitrary<String> small() {
    return Arbitraries.of("/", "{", "}", ",", "a", ".", "o", "bpf", "c", ".o", ".bpf", ".c", "_", ":", "1")
        .list().ofMaxSize(14).map(parts -> String.join("", parts));
  }

  @Property(tries = 50)
  void anEmptyOrShortInputHasNoLookAheadBeyondItsEnd(@ForAll @IntRange(max = 3) int length) {
    EventPatterns.Ahead ahead = new EventPatterns.Ahead("/".repeat(length));
    assertEquals(0, ahead.bpf(length, ".o"));
    assertEquals(0, ahead.event(length));
  }

  private static void parseOrReject(String events, PerfGeneration generation) {
    try {
      EventParser.parse(events, generation);
    } catch (EventSyntaxException refused) {
      assertEquals(events.length(), refused.error().input().length());
    }
  }

  // the patterns as parse-events.l states them, scanning afresh from each position

  private static int naiveSpan(String in, int from, IntPredicate allowed) {
    int i = from;
    while (i < in.length() && allowed.test(in.charAt(i))) {
      i++;
    }
    return i - from;
  }

  private static int naiveGroup(String in, int pos) {
    int open = pos + naiveSpan(in, pos, c -> ",{}/".indexOf(c) < 0);
    if (open >= in.length() || in.charAt(open) != '{') {
      return 0;
    }
    int close = open + 1 + naiveSpan(in, open + 1, c -> c != '}');
    if (close >= in.length()) {
      return 0;
    }
    return close + 1 + naiveSpan(in, close + 1, c -> ",{}/".indexOf(c) < 0) - pos;
  }

  private static int naiveEventPmu(String in, int pos) {
    int a = naiveSpan(in, pos, c -> ",{}/".indexOf(c) < 0);
    int slash = pos + a;
    if (a == 0 || slash >= in.length() || in.charAt(slash) != '/') {
      return 0;
    }
    int second = slash + 1 + naiveSpan(in, slash + 1, c -> c != '/');
    if (second >= in.length()) {
      return 0;
    }
    return second + 1 + naiveSpan(in, second + 1, c -> ",{}/".indexOf(c) < 0) - pos;
  }

  private static int naiveBpf(String in, int pos, String... suffixes) {
    int body = naiveSpan(in, pos, c -> ",{}".indexOf(c) < 0);
    int best = 0;
    for (int k = 1; k < body; k++) {
      for (String suffix : suffixes) {
        int at = pos + k;
        if (in.startsWith(suffix, at) && at + suffix.length() <= pos + body) {
          int end = at + suffix.length();
          end += naiveSpan(in, end, c -> Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '_');
          best = Math.max(best, end - pos);
        }
      }
    }
    return best;
  }
}
