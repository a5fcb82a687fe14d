package org.perfsim.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.perfsim.abi.AttrFlag;

class EventGroupsAndNamesTest {

  @Test
  void groupMembersShareTheirLeaderAndUngroupedEventsLeadThemselves() throws Exception {
    EventList events = EventParser.parse("cycles,{instructions,branches}:u,cpu-clock",
        PerfGeneration.V6_1);

    assertEquals(List.of(new EventGroup(0, 1, false, ""), new EventGroup(1, 2, true, ""),
            new EventGroup(1, 2, true, ""), new EventGroup(3, 1, false, "")),
        events.events().stream().map(ParsedEvent::group).toList());
    assertTrue(events.get(1).leader());
    assertFalse(events.get(2).leader());
  }

  @Test
  void aNamedGroupKeepsItsName() throws Exception {
    EventList events = EventParser.parse("grp{cycles,instructions}:u", PerfGeneration.V6_1);

    assertEquals("grp", events.get(0).group().name());
  }

  @Test
  void groupModifierPinsOnlyTheLeaderButAMemberPinsItselfBeforeGrouping() throws Exception {
    EventList pinnedGroup = EventParser.parse("{cycles,instructions}:D", PerfGeneration.V6_1);
    EventList pinnedMember = EventParser.parse("{cycles,instructions:D}", PerfGeneration.V6_1);

    assertTrue(pinnedGroup.get(0).attr().has(AttrFlag.PINNED));
    assertFalse(pinnedGroup.get(1).attr().has(AttrFlag.PINNED));
    assertTrue(pinnedMember.get(1).attr().has(AttrFlag.PINNED));
  }

  @Test
  void perf61GroupModifierResetsTheMembersSampleReadWhileModernAddsToIt() throws Exception {
    String events = "{cycles:S,instructions}:u";

    assertFalse(EventParser.parse(events, PerfGeneration.V6_1).first().modifiers().sampleRead());
    assertTrue(EventParser.parse(events, PerfGeneration.MODERN).first().modifiers().sampleRead());
  }

  @Test
  void modifiersRecordWhatWasTypedAndWhatPerfKept() throws Exception {
    EventModifiers modifiers =
        EventParser.parse("{cycles:pPS,instructions}:Wu", PerfGeneration.MODERN).first().modifiers();

    assertEquals("pPS", modifiers.raw());
    assertEquals("Wu", modifiers.groupRaw());
    assertEquals(1, modifiers.preciseLevel());
    assertTrue(modifiers.preciseMax() && modifiers.sampleRead() && modifiers.weakGroup());
    assertTrue(modifiers.has('W') && modifiers.has('S'));
    assertFalse(modifiers.explicitGuestOrHost());
  }

  @Test
  void preciseMaxIsSentAsThreeButTheParsedLevelIsKept() throws Exception {
    ParsedEvent event = EventParser.parse("cycles:pP", PerfGeneration.V6_1).first();

    assertEquals(3, event.attr().preciseIp());
    assertEquals(1, event.modifiers().preciseLevel());
  }

  @ParameterizedTest(name = "{0} names ''{1}'' {2}")
  @CsvSource(delimiter = '|', value = {
      "V6_1   | cycles:pp            | cycles:pp",
      "V6_1   | cpu-cycles:u         | cpu-cycles:u",
      "V6_1   | r1c2                 | r1c2",
      "V6_1   | 'cycles '            | 'cycles '",
      "V6_1   | cycles/name=foo/u    | foo",
      "V6_1   | l1d-loads:u          | l1d-loads",
      "V6_1   | cpu/event=0x3c/      | cpu/event=0x3c/",
      "MODERN | cycles:pp            | cycles:pp",
      "V3_6   | cycles:pp            | cycles:pp",
      "V3_7   | cycles:pp            | cycles:ppH",
      "V3_7   | cpu-cycles:u         | cycles:u",
      "V3_6   | cycles               | cycles",
      "V3_6   | cycles:G             | cycles:G",
      "V3_7   | r1c2:k               | raw 0x1c2:k",
      "V3_6   | branch-instructions  | branches"})
  void namesAreTypedFrom61OnAndRebuiltFromTheAttrBefore(PerfGeneration generation, String events,
      String name) throws Exception {
    assertEquals(name, EventParser.parse(events, generation).first().name());
  }
}
