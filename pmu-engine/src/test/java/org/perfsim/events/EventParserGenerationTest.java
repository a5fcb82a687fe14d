package org.perfsim.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.PerfEventAttr;

/**
 * The event part of the attr per generation. Columns: exclude_user, exclude_kernel, exclude_hv,
 * exclude_host, exclude_guest, precise_ip as sent by perf record. The first rows are reference §6's
 * seed events.
 */
class EventParserGenerationTest {

  @ParameterizedTest(name = "{0} ''{1}'' -> u{2} k{3} h{4} H{5} G{6} p{7}")
  @CsvSource({
      // seed events: only 3.7 and 6.1 make cycles:pp host-only; P is 6.1/modern's maximum
      "V3_6,   cycles,      0, 0, 0, 0, 1, 0",
      "V3_7,   cycles,      0, 0, 0, 0, 1, 0",
      "V6_1,   cycles,      0, 0, 0, 0, 1, 0",
      "MODERN, cycles,      0, 0, 0, 0, 0, 0",
      "V3_6,   cycles:pp,   0, 0, 0, 0, 0, 2",
      "V3_7,   cycles:pp,   0, 0, 0, 0, 1, 2",
      "V6_1,   cycles:pp,   0, 0, 0, 0, 1, 2",
      "MODERN, cycles:pp,   0, 0, 0, 0, 0, 2",
      "V3_6,   cycles:ppH,  0, 0, 0, 0, 1, 2",
      "V3_7,   cycles:ppH,  0, 0, 0, 0, 1, 2",
      "V6_1,   cycles:ppH,  0, 0, 0, 0, 1, 2",
      "MODERN, cycles:ppH,  0, 0, 0, 0, 1, 2",
      "V6_1,   cycles:P,    0, 0, 0, 0, 0, 3",
      "MODERN, cycles:P,    0, 0, 0, 0, 0, 3",
      // u sets exclude_guest only in 6.1; k never does, and a modifier string drops the default
      "V3_6,   cycles:u,    0, 1, 1, 0, 0, 0",
      "V3_7,   cycles:u,    0, 1, 1, 0, 0, 0",
      "V6_1,   cycles:u,    0, 1, 1, 0, 1, 0",
      "MODERN, cycles:u,    0, 1, 1, 0, 0, 0",
      "V3_6,   cycles:k,    1, 0, 1, 0, 0, 0",
      "V6_1,   cycles:k,    1, 0, 1, 0, 0, 0",
      "V6_1,   cycles:h,    1, 1, 0, 0, 0, 0",
      "V6_1,   cycles:uk,   0, 0, 1, 0, 1, 0",
      "V3_7,   cycles:upp,  0, 1, 1, 0, 1, 2",
      "MODERN, cycles:upp,  0, 1, 1, 0, 0, 2",
      // G/H: explicit guest/host choice wins over every generation's guess
      "V3_6,   cycles:G,    0, 0, 0, 1, 0, 0",
      "V6_1,   cycles:pG,   0, 0, 0, 1, 0, 1",
      "V3_7,   cycles:Gp,   0, 0, 0, 1, 0, 1",
      "V6_1,   cycles:GH,   0, 0, 0, 0, 0, 0",
      "V6_1,   cycles:uG,   0, 1, 1, 1, 0, 0",
      "V6_1,   cycles:ppp,  0, 0, 0, 0, 1, 3",
      // P, S, D, I, W, e leave exclude_guest at 0 in 6.1
      "V6_1,   cycles:S,    0, 0, 0, 0, 0, 0",
      "V6_1,   cycles:D,    0, 0, 0, 0, 0, 0",
      "V6_1,   cycles:I,    0, 0, 0, 0, 0, 0",
      "V6_1,   cycles:e,    0, 0, 0, 0, 0, 0",
      "V6_1,   cycles:pP,   0, 0, 0, 0, 1, 3",
      // group modifiers: 3.7/6.1 start from the members' attr, which still carries exclude_guest
      "V3_7,   '{cycles,instructions}:k', 1, 0, 1, 0, 1, 0",
      "V6_1,   '{cycles,instructions}:k', 1, 0, 1, 0, 1, 0",
      "MODERN, '{cycles,instructions}:k', 1, 0, 1, 0, 0, 0",
      "V6_1,   '{cycles:u,instructions}:k', 0, 0, 1, 0, 1, 0",
      "V6_1,   '{cycles:pp,instructions}:p', 0, 0, 0, 0, 1, 3",
      "V6_1,   '{cycles:P,instructions}:u', 0, 1, 1, 0, 1, 0",
      "MODERN, '{cycles:P,instructions}:u', 0, 1, 1, 0, 0, 3",
      "V3_6,   '{cycles,instructions}:u', 0, 0, 0, 0, 1, 0"})
  void firstEventAttrFollowsTheGenerationsModifierRules(PerfGeneration generation, String events,
      int eu, int ek, int eh, int eH, int eG, int precise) throws EventSyntaxException {
    PerfEventAttr attr = EventParser.parse(events, generation).first().attr();

    assertEquals(
        eu + "," + ek + "," + eh + "," + eH + "," + eG + "," + precise,
        bit(attr, AttrFlag.EXCLUDE_USER) + "," + bit(attr, AttrFlag.EXCLUDE_KERNEL) + ","
            + bit(attr, AttrFlag.EXCLUDE_HV) + "," + bit(attr, AttrFlag.EXCLUDE_HOST) + ","
            + bit(attr, AttrFlag.EXCLUDE_GUEST) + "," + attr.preciseIp());
    assertEquals(generation.attrSize().bytes(), attr.size());
  }

  @ParameterizedTest(name = "{0} ''{1}'' -> type {2} config {3}")
  @CsvSource({
      "V6_1, cycles, 0, 0x0", "V6_1, cpu-cycles, 0, 0x0", "V6_1, instructions, 0, 0x1",
      "V6_1, cache-references, 0, 0x2", "V6_1, cache-misses, 0, 0x3", "V6_1, branches, 0, 0x4",
      "V6_1, branch-instructions, 0, 0x4", "V6_1, branch-misses, 0, 0x5", "V6_1, bus-cycles, 0, 0x6",
      "V6_1, stalled-cycles-frontend, 0, 0x7", "V6_1, stalled-cycles-backend, 0, 0x8",
      "V6_1, ref-cycles, 0, 0x9", "V6_1, cpu-clock, 1, 0x0", "V6_1, task-clock, 1, 0x1",
      "V6_1, faults, 1, 0x2", "V6_1, cs, 1, 0x3", "V6_1, migrations, 1, 0x4",
      "V6_1, minor-faults, 1, 0x5", "V6_1, major-faults, 1, 0x6", "V6_1, alignment-faults, 1, 0x7",
      "V6_1, emulation-faults, 1, 0x8", "V6_1, dummy, 1, 0x9", "V3_6, r1c2, 4, 0x1c2",
      "V6_1, r1c2:pp, 4, 0x1c2", "V6_1, rc0, 4, 0xc0", "V6_1, 4:0x3c, 4, 0x3c",
      "V6_1, L1-dcache-load-misses, 3, 0x10000", "V6_1, LLC-prefetch-miss, 3, 0x10202",
      "V6_1, dTLB-load-misses, 3, 0x10003", "V6_1, cycles/config=5/, 0, 0x5"})
  void symbolicRawAndCacheEventsEncodeTypeAndConfig(PerfGeneration generation, String events,
      int type, String config) throws EventSyntaxException {
    PerfEventAttr attr = EventParser.parse(events, generation).first().attr();

    assertEquals(type, attr.type());
    assertEquals(Long.decode(config), attr.config());
  }

  private static int bit(PerfEventAttr attr, AttrFlag flag) {
    return attr.has(flag) ? 1 : 0;
  }
}
