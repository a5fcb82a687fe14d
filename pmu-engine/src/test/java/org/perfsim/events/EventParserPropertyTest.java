package org.perfsim.events;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Assertions;

/** Whatever the input, the parser answers with an event list or an EventSyntaxException. */
class EventParserPropertyTest {

  @Property(tries = 400)
  void arbitraryStringsNeverEscapeAsOtherExceptions(@ForAll String events,
      @ForAll PerfGeneration generation) {
    parseOrReject(events, generation);
  }

  @Property(tries = 1500)
  void eventLikeStringsNeverEscapeAsOtherExceptions(@ForAll("eventLike") String events,
      @ForAll PerfGeneration generation) {
    parseOrReject(events, generation);
  }

  /** Strings built from the pieces of perf's syntax, so that most reach deep into the grammar. */
  @Provide
  Arbitrary<String> eventLike() {
    Arbitrary<String> piece = Arbitraries.of("cycles", "instructions", "cpu-clock", "r1c2", "r",
        "cpu", "L1-dcache", "load", "misses", "-", ":", "::", ",", "{", "}", "/", "//", "=", "0x3c",
        "12", "period", "freq", "name", "event", "inv", "u", "k", "pp", "P", "S", "D", "W", "e", "G",
        "H", "b", "I", "x", " ", "'", "'q'", "mem:", "sched", "[", "@", "ffffffffffffffffff");
    return piece.list().ofMaxSize(12).map(parts -> String.join("", parts));
  }

  private static void parseOrReject(String events, PerfGeneration generation) {
    try {
      EventList parsed = EventParser.parse(events, generation);
      Assertions.assertTrue(parsed.size() > 0, "an accepted string has an event");
    } catch (EventSyntaxException rejected) {
      Assertions.assertEquals(events, rejected.error().input());
    }
  }
}
