package org.perfsim.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which strings each generation rejects, where perf's caret points, and what it says. */
class EventSyntaxErrorTest {

  @Test
  void fourPsRenderExactlyAsPerf61PrintsThem() {
    EventSyntaxError error = rejected("cycles:pppp", PerfGeneration.V6_1);

    assertEquals("event syntax error: 'cycles:pppp'\n"
        + "                            \\___ Bad modifier\n", error.render());
  }

  @ParameterizedTest(name = "{0} ''{1}'' -> {2}: {3}")
  @CsvSource(delimiter = '|', value = {
      "V6_1  | cycles:pppp                 | 7  | Bad modifier",
      "V6_1  | cycles:kk                   | 7  | Bad modifier",
      "V6_1  | cycles:x                    | 6  | parser error",
      "V6_1  | foo                         | 0  | parser error",
      "V6_1  | cycles,foo                  | 7  | parser error",
      "V6_1  | cycles,                     | 0  | parser error",
      "V6_1  | ',cycles'                   | 1  | parser error",
      "V6_1  | ''                          | 1  | parser error",
      "V6_1  | cycles:pp:u                 | 7  | parser error",
      "V6_1  | cycles:kk:u                 | 7  | Bad modifier",
      "V6_1  | r12g                        | 0  | parser error",
      "V6_1  | rffffffffffffffffff         | 0  | parser error",
      "V6_1  | cycles/foo=1/               | 7  | unknown term",
      "V6_1  | cycles/period=foo/          | 14 | expected numeric value",
      "V6_1  | '{cycles,instructions}:kk'  | 22 | Bad modifier",
      "V6_1  | '{cycles:pp,instructions}:pp' | 25 | Bad modifier",
      "V6_1  | '{cycles}:'                 | 7  | parser error",
      "V6_1  | nopmu/event=1/              | 0  | Cannot find PMU `nopmu'. Missing kernel support?",
      "V3_6  | cycles:P                    | 7  | parser error",
      "V3_7  | cycles:P                    | 7  | parser error",
      "V3_6  | cycles:S                    | 7  | parser error",
      "V3_6  | cycles:uP                   | 8  | parser error",
      "V3_7  | cycles:ppD                  | 9  | parser error",
      "V3_7  | cycles:pppp                 | 7  | Bad modifier",
      "MODERN | cycles:kk                  | 8  | Duplicate modifier 'k' (kernel)",
      "MODERN | cycles:pppp                | 10 | Maximum precise value is 3",
      "MODERN | cycles:W                   | 7  | Weak modifier is for use with groups",
      "MODERN | '{cycles:pp,instructions}:pp' | 25 | 'Maximum combined precise value is 3, adding precision to \"cycles:pp\"'"})
  void rejectionsCarryPerfsPositionAndMessage(PerfGeneration generation, String events,
      int position, String message) {
    EventSyntaxError error = rejected(events, generation);

    assertEquals(position, error.position());
    assertEquals(message, error.message());
    assertEquals(events, error.input());
  }

  @ParameterizedTest(name = "{0} accepts ''{1}''")
  @CsvSource({"V3_6, cycles:kk", "V3_7, cycles:uu", "V6_1, cycles:W", "V3_6, '{cycles}'",
      "V6_1, 'cycles:'", "V6_1, 'cycles '", "V6_1, cycles//u"})
  void someStringsOnlyLookWrong(PerfGeneration generation, String events) throws Exception {
    assertEquals(1, EventParser.parse(events, generation).size());
  }

  @Test
  void longInputIsCutOnTheLeftAndTruncatedOnTheRightLikePerf() {
    String events = "cycles:u,instructions,cache-misses,branch-misses,cycles:kk,"
        + "cpu-clock,".repeat(5) + "page-faults";

    EventSyntaxError error = rejected(events, PerfGeneration.V6_1);

    // as perf 6.1 prints it for 80 columns
    assertEquals("event syntax error: '..ses,cycles:kk,cpu-clock,cpu-clock,cpu-clock,cpu-clock,..'\n"
        + " ".repeat(34) + "\\___ Bad modifier\n", error.render());
  }

  @Test
  void anInvalidCacheOpIsRejectedWithoutAReportAsPerfDoes() {
    EventSyntaxError error = rejected("L1-icache-stores", PerfGeneration.V6_1);

    assertFalse(error.reported());
    assertEquals("", error.render());
  }

  @Test
  void unmodelledEventKindsAreRejectedWithPerfsimsOwnMessage() {
    EventSyntaxError error = rejected("sched:sched_switch", PerfGeneration.V6_1);

    assertEquals("perfsim does not model tracepoint events", error.message());
    assertEquals(0, error.position());
  }

  private static EventSyntaxError rejected(String events, PerfGeneration generation) {
    return assertThrows(EventSyntaxException.class, () -> EventParser.parse(events, generation))
        .error();
  }
}
