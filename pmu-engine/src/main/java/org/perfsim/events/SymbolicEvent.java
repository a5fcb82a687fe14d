package org.perfsim.events;

import java.util.List;
import org.perfsim.abi.PerfEventAttr;

/**
 * perf's symbolic event names (the keyword rules of parse-events.l): legacy hardware and software
 * events and the tool events. The first alias is perf's canonical name; {@code since} is the first
 * modelled generation whose lexer knows the keyword.
 */
enum SymbolicEvent {
  CPU_CYCLES(PerfEventAttr.TYPE_HARDWARE, 0, PerfGeneration.V3_6, "cpu-cycles", "cycles"),
  STALLED_CYCLES_FRONTEND(PerfEventAttr.TYPE_HARDWARE, 7, PerfGeneration.V3_6,
      "stalled-cycles-frontend", "idle-cycles-frontend"),
  STALLED_CYCLES_BACKEND(PerfEventAttr.TYPE_HARDWARE, 8, PerfGeneration.V3_6,
      "stalled-cycles-backend", "idle-cycles-backend"),
  INSTRUCTIONS(PerfEventAttr.TYPE_HARDWARE, 1, PerfGeneration.V3_6, "instructions"),
  CACHE_REFERENCES(PerfEventAttr.TYPE_HARDWARE, 2, PerfGeneration.V3_6, "cache-references"),
  CACHE_MISSES(PerfEventAttr.TYPE_HARDWARE, 3, PerfGeneration.V3_6, "cache-misses"),
  BRANCH_INSTRUCTIONS(PerfEventAttr.TYPE_HARDWARE, 4, PerfGeneration.V3_6, "branch-instructions",
      "branches"),
  BRANCH_MISSES(PerfEventAttr.TYPE_HARDWARE, 5, PerfGeneration.V3_6, "branch-misses"),
  BUS_CYCLES(PerfEventAttr.TYPE_HARDWARE, 6, PerfGeneration.V3_6, "bus-cycles"),
  REF_CYCLES(PerfEventAttr.TYPE_HARDWARE, 9, PerfGeneration.V3_6, "ref-cycles"),
  CPU_CLOCK(PerfEventAttr.TYPE_SOFTWARE, 0, PerfGeneration.V3_6, "cpu-clock"),
  TASK_CLOCK(PerfEventAttr.TYPE_SOFTWARE, 1, PerfGeneration.V3_6, "task-clock"),
  PAGE_FAULTS(PerfEventAttr.TYPE_SOFTWARE, 2, PerfGeneration.V3_6, "page-faults", "faults"),
  MINOR_FAULTS(PerfEventAttr.TYPE_SOFTWARE, 5, PerfGeneration.V3_6, "minor-faults"),
  MAJOR_FAULTS(PerfEventAttr.TYPE_SOFTWARE, 6, PerfGeneration.V3_6, "major-faults"),
  CONTEXT_SWITCHES(PerfEventAttr.TYPE_SOFTWARE, 3, PerfGeneration.V3_6, "context-switches", "cs"),
  CPU_MIGRATIONS(PerfEventAttr.TYPE_SOFTWARE, 4, PerfGeneration.V3_6, "cpu-migrations",
      "migrations"),
  ALIGNMENT_FAULTS(PerfEventAttr.TYPE_SOFTWARE, 7, PerfGeneration.V3_6, "alignment-faults"),
  EMULATION_FAULTS(PerfEventAttr.TYPE_SOFTWARE, 8, PerfGeneration.V3_6, "emulation-faults"),
  DUMMY(PerfEventAttr.TYPE_SOFTWARE, 9, PerfGeneration.V6_1, "dummy"),
  BPF_OUTPUT(PerfEventAttr.TYPE_SOFTWARE, 10, PerfGeneration.V6_1, "bpf-output"),
  CGROUP_SWITCHES(PerfEventAttr.TYPE_SOFTWARE, 11, PerfGeneration.V6_1, "cgroup-switches"),
  /** Tool events are counted by perf itself; their evsel is a software dummy. */
  DURATION_TIME(Tool.TYPE, 9, PerfGeneration.V6_1, "duration_time"),
  USER_TIME(Tool.TYPE, 9, PerfGeneration.V6_1, "user_time"),
  SYSTEM_TIME(Tool.TYPE, 9, PerfGeneration.V6_1, "system_time");

  /** Marks tool events, which have no perf_type_id of their own. */
  private static final class Tool {
    static final int TYPE = -1;
  }

  private final int type;
  private final int config;
  private final PerfGeneration since;
  private final List<String> aliases;

  SymbolicEvent(int type, int config, PerfGeneration since, String... aliases) {
    this.type = type;
    this.config = config;
    this.since = since;
    this.aliases = List.of(aliases);
  }

  /** perf_event_attr.type: tool events open as software dummies. */
  int attrType() {
    return type == Tool.TYPE ? PerfEventAttr.TYPE_SOFTWARE : type;
  }

  int config() {
    return config;
  }

  boolean isTool() {
    return type == Tool.TYPE;
  }

  boolean isHardware() {
    return type == PerfEventAttr.TYPE_HARDWARE;
  }

  List<String> aliases() {
    return aliases;
  }

  /** perf's canonical name: the one {@code evsel__hw_name}/{@code evsel__sw_name} print. */
  String canonicalName() {
    return this == CPU_CYCLES ? "cycles"
        : this == BRANCH_INSTRUCTIONS ? "branches" : aliases.get(0);
  }

  boolean knownTo(PerfGeneration generation) {
    return generation.ordinal() >= since.ordinal();
  }
}
