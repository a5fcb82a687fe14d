package org.perfsim.tool;

import java.util.List;
import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.PerfEventAttr;
import org.perfsim.cpu.Vendor;
import org.perfsim.events.EventList;
import org.perfsim.events.EventModifiers;
import org.perfsim.events.EventParser;
import org.perfsim.events.EventSyntaxException;
import org.perfsim.events.ParsedEvent;
import org.perfsim.events.PerfGeneration;

/**
 * The events each perf uses when no {@code -e} is given.
 *
 * <ul>
 *   <li>record, 3.6/3.7 ({@code perf_evlist__add_default}): {@code cycles} through
 *       {@code event_attr_init}, i.e. exclude_guest=1.
 *   <li>record, 6.1 ({@code evsel__new_cycles(precise=true)}): {@code cycles} with precise_max, so
 *       perf record sends precise_ip=3 and lowers it on failure; event_attr_init's exclude_guest=1,
 *       except on AMD, where {@code arch_evsel__fixup_new_cycles} clears it (IBS cannot filter
 *       guests); exclude_kernel=1 and the name {@code cycles:u} when the user may not profile the
 *       kernel. Observed with {@code perf record -vv -o /dev/null -- true} on an AMD VM.
 *   <li>record, modern ({@code evlist__new_default}): {@code cycles:P}, or {@code cycles:Pu}. No
 *       vendor branch: evsel__new_cycles and arch_evsel__fixup_new_cycles are gone, and {@code P}
 *       never set exclude_guest, so AMD and Intel hosts get the same attr.
 *   <li>stat, 6.1 and modern: task-clock, context-switches, cpu-migrations, page-faults, cycles,
 *       instructions, branches, branch-misses, as the 6.1 binary opens them here (stalled-cycles
 *       events are added only where the {@code cpu} PMU lists them; modern perf's metric-based
 *       default groups are not modelled).
 *   <li>stat, 3.6/3.7 ({@code default_attrs}): the same plus stalled-cycles-frontend and -backend
 *       after cycles.
 * </ul>
 */
final class DefaultEvents {

  private static final String STAT_61 = "task-clock,context-switches,cpu-migrations,page-faults,"
      + "cycles,instructions,branches,branch-misses";
  private static final String STAT_2012 = "task-clock,context-switches,cpu-migrations,page-faults,"
      + "cycles,stalled-cycles-frontend,stalled-cycles-backend,instructions,branches,branch-misses";

  private DefaultEvents() {}

  static List<ParsedEvent> of(PerfVerb verb, PerfGeneration generation, ToolEnvironment env) {
    if (verb == PerfVerb.STAT) {
      return parse(generation == PerfGeneration.V3_6 || generation == PerfGeneration.V3_7
          ? STAT_2012 : STAT_61, generation).events();
    }
    return switch (generation) {
      case V3_6, V3_7 -> parse("cycles", generation).events();
      case V6_1 -> List.of(newCycles61(env));
      case MODERN -> parse(env.canProfileKernel() ? "cycles:P" : "cycles:Pu", generation).events();
    };
  }

  /** evsel__new_cycles of perf 6.1. */
  private static ParsedEvent newCycles61(ToolEnvironment env) {
    ParsedEvent cycles = parse("cycles", PerfGeneration.V6_1).first();
    boolean userOnly = !env.canProfileKernel();
    PerfEventAttr attr = cycles.attr().toBuilder()
        .flag(AttrFlag.EXCLUDE_GUEST, newCyclesExcludesGuest61(env.vendor()))
        .flag(AttrFlag.EXCLUDE_KERNEL, userOnly)
        .preciseIp(3)
        .build();
    EventModifiers preciseMax = new EventModifiers("", "", 0, true, false, false, false, false,
        false, false, false, false);
    return new ParsedEvent(0, userOnly ? "cycles:u" : "cycles", attr, preciseMax, cycles.group());
  }

  /**
   * 6.1's default cycles keeps event_attr_init's exclude_guest=1 except on AMD, where
   * arch_evsel__fixup_new_cycles (tools/perf/arch/x86/util/evsel.c, "perf/amd/ibs: Don't set
   * exclude_guest by default", 2022) clears it because IBS, which serves precise cycles there,
   * cannot filter guests. Only x86 has the fixup; arm64 keeps exclude_guest=1.
   */
  static boolean newCyclesExcludesGuest61(Vendor vendor) {
    return vendor != Vendor.AMD;
  }

  private static EventList parse(String events, PerfGeneration generation) {
    try {
      return EventParser.parse(events, generation);
    } catch (EventSyntaxException e) {
      throw new IllegalStateException("perfsim's own default events do not parse: " + events, e);
    }
  }
}
