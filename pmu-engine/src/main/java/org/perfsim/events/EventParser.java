package org.perfsim.events;

import java.util.ArrayList;
import java.util.List;
import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.PerfEventAttr;

/**
 * perf's {@code -e} event parser, per perf-tool generation. The single entry point of this package:
 * {@code EventParser.parse("cycles:pp,{instructions,branches}:u", PerfGeneration.V6_1)}.
 *
 * <p>Modelled: symbolic hardware/software/tool events and their aliases, raw {@code rNNNN},
 * {@code type:config}, hardware cache events, the Intel {@code cpu/.../} PMU form with its format
 * terms, perf's own config terms ({@code period=}, {@code freq=}, {@code name=}, {@code config*=},
 * ...), groups and group modifiers, comma lists, every modifier letter, and perf's error reports with
 * their caret columns. Not modelled (rejected with a perfsim message): tracepoints, breakpoints,
 * PMU event aliases, PMUs other than {@code cpu}.
 */
public final class EventParser {

  private EventParser() {}

  /**
   * Parses one {@code -e} argument as the given generation's perf would.
   *
   * @throws EventSyntaxException where that perf rejects the string; its error carries perf's
   *     position and message
   */
  public static EventList parse(String events, PerfGeneration generation)
      throws EventSyntaxException {
    List<EventDraft> drafts = new EventGrammar(events, generation).parse();
    List<ParsedEvent> parsed = new ArrayList<>(drafts.size());
    for (int i = 0; i < drafts.size(); i++) {
      parsed.add(finish(drafts.get(i), i));
    }
    return new EventList(parsed);
  }

  private static ParsedEvent finish(EventDraft draft, int index) {
    PerfEventAttr parsedAttr = draft.attr.build();
    int preciseLevel = parsedAttr.preciseIp();
    // perf record's evsel__config: P asks for the maximum, and the open loop lowers it from 3.
    PerfEventAttr attr = draft.preciseMax ? parsedAttr.withPreciseIp(3) : parsedAttr;
    EventGroup group = draft.group == null ? EventGroup.alone(index) : draft.group;
    // 6.1 names every event as typed; a 2012 perf only knew name= terms and rebuilt the rest.
    String name = draft.name != null ? draft.name : LegacyEventName.of(attr);
    EventModifiers modifiers = new EventModifiers(draft.eventModifiers, draft.groupModifiers,
        preciseLevel, draft.preciseMax, draft.sampleRead,
        attr.has(AttrFlag.PINNED), draft.weakGroup,
        attr.has(AttrFlag.EXCLUSIVE),
        attr.has(AttrFlag.EXCLUDE_IDLE), draft.bpfCounter, draft.explicitGuest,
        draft.explicitHost);
    return new ParsedEvent(index, name, attr, modifiers, group);
  }
}
