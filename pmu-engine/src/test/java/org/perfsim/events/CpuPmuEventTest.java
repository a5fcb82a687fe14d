package org.perfsim.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.PerfEventAttr;

/**
 * The {@code cpu/.../} form against Intel's documented IA32_PERFEVTSELx layout (SDM vol. 3B): event
 * bits 0-7, umask 8-15, edge 18, pc 19, any 21, inv 23, cmask 24-31; type 4. The installed perf
 * cannot check these: this machine has no cpu PMU.
 */
class CpuPmuEventTest {

  private static final long EDGE = 1L << 18;
  private static final long PC = 1L << 19;
  private static final long ANY = 1L << 21;
  private static final long INV = 1L << 23;

  @ParameterizedTest(name = "''{0}'' -> config {1}")
  @CsvSource(delimiter = '|', value = {
      "cpu/event=0x3c/                  | 0x3c",
      "cpu/event=0x3c,umask=0x0/        | 0x3c",
      "cpu/event=0xc0,umask=0x1/        | 0x1c0",
      "cpu/event=0x3c,cmask=2/          | 0x200003c",
      "cpu/event=0x3c,umask=0x3,cmask=0xff/ | 0xff00033c",
      "cpu/config=0x1c2/                | 0x1c2",
      "cpu//                            | 0x0"})
  void formatTermsLandInTheirEvtselBits(String events, String config) throws Exception {
    PerfEventAttr attr = EventParser.parse(events, PerfGeneration.V6_1).first().attr();

    assertEquals(CpuPmuFormat.TYPE, attr.type());
    assertEquals(Long.decode(config), attr.config());
  }

  @Test
  void flagTermsWithoutValueSetTheirSingleBit() throws Exception {
    PerfEventAttr attr = EventParser.parse("cpu/event=0x3c,umask=0x0,cmask=1,inv,edge,any,pc/",
        PerfGeneration.V6_1).first().attr();

    assertEquals(0x3cL | 1L << 24 | INV | EDGE | ANY | PC, attr.config());
  }

  @Test
  void periodAndNameTermsAndModifiersApplyToPmuEvents() throws Exception {
    ParsedEvent event = EventParser.parse("cpu/event=0x3c,period=100003,name=unhalted/pp",
        PerfGeneration.V6_1).first();

    assertEquals("unhalted", event.name());
    assertEquals(100003, event.attr().samplePeriodOrFreq());
    assertEquals(2, event.attr().preciseIp());
    assertTrue(event.attr().has(AttrFlag.EXCLUDE_GUEST));
  }

  @ParameterizedTest(name = "''{0}'' -> {1}: {2}")
  @CsvSource(delimiter = '|', value = {
      "cpu/event=0x100/      | 10 | value too big for format, maximum is 255",
      "cpu/edge=2/           | 9  | value too big for format, maximum is 1",
      "cpu/foo=1/            | 4  | unknown term 'foo' for pmu 'cpu'",
      "cpu/event=0x3c/:u     | 14 | parser error",
      "cpu/event=0x3c        | 9  | parser error",
      "uncore/event=0x3c/    | 0  | Cannot find PMU `uncore'. Missing kernel support?"})
  void badPmuEventsAreRejectedWherePerfPoints(String events, int position, String message) {
    EventSyntaxError error = assertThrows(EventSyntaxException.class,
        () -> EventParser.parse(events, PerfGeneration.V6_1)).error();

    assertEquals(message, error.message());
    assertEquals(position, error.position());
  }
}
