package org.perfsim.tool;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.AttrSize;
import org.perfsim.abi.PerfEventAttr;

/**
 * {@code strace -e perf_event_open}'s line (strace 6.1, src/perf.c's decoder): {@code perf_event_open({type=...,
 * size=..., config=..., ...}, pid, cpu, group_fd, flags) = fd}. Without {@code -v} strace stops after the flags
 * with {@code ...}; the fields it left out read as 0, and the result says so.
 */
final class StraceLine {
  private static final Map<String, Long> TYPES = Map.of("PERF_TYPE_HARDWARE", 0L, "PERF_TYPE_SOFTWARE", 1L,
      "PERF_TYPE_TRACEPOINT", 2L, "PERF_TYPE_HW_CACHE", 3L, "PERF_TYPE_RAW", 4L, "PERF_TYPE_BREAKPOINT", 5L);
  /** include/uapi/linux/perf_event.h's enums, as strace names config values. */
  private static final Map<String, Long> CONFIG = configNames();
  private static final Map<String, Long> BP_TYPES = Map.of("HW_BREAKPOINT_EMPTY", 0L, "HW_BREAKPOINT_R", 1L,
      "HW_BREAKPOINT_W", 2L, "HW_BREAKPOINT_RW", 3L, "HW_BREAKPOINT_X", 4L, "HW_BREAKPOINT_INVALID", 7L);
  private static final Map<String, Long> CLOCKS = Map.ofEntries(Map.entry("CLOCK_REALTIME", 0L),
      Map.entry("CLOCK_MONOTONIC", 1L), Map.entry("CLOCK_PROCESS_CPUTIME_ID", 2L),
      Map.entry("CLOCK_THREAD_CPUTIME_ID", 3L), Map.entry("CLOCK_MONOTONIC_RAW", 4L),
      Map.entry("CLOCK_REALTIME_COARSE", 5L), Map.entry("CLOCK_MONOTONIC_COARSE", 6L),
      Map.entry("CLOCK_BOOTTIME", 7L), Map.entry("CLOCK_REALTIME_ALARM", 8L), Map.entry("CLOCK_BOOTTIME_ALARM", 9L),
      Map.entry("CLOCK_TAI", 11L));

  private StraceLine() {}

  static AttrText.Parsed parse(String line, int lineNumber) {
    int open = line.indexOf("perf_event_open(");
    int from = line.indexOf('{', open);
    int to = line.indexOf('}', Math.max(from, 0));
    if (from < 0 || to < 0) {
      throw new AttrText.Error(lineNumber, "strace printed no attr struct in this perf_event_open call (strace "
          + "could not read it?): give strace's {type=..., size=..., ...} form");
    }
    // comments such as /* must have 0 skid */ only explain a value
    String body = line.substring(from + 1, to).replaceAll("/\\*.*?\\*/", "");
    PerfEventAttr.Builder b = PerfEventAttr.builder();
    List<String> notes = new ArrayList<>();
    for (String item : body.split(",")) {
      String field = item.strip();
      if (field.equals("...")) {
        notes.add("strace abbreviated the struct ('...'): the fields it left out read as 0 (strace -v prints all)");
        continue;
      }
      int eq = field.indexOf('=');
      if (eq < 0) {
        throw new AttrText.Error(lineNumber, "'" + field + "' is not name=value");
      }
      field(b, field.substring(0, eq).strip(), field.substring(eq + 1).strip(), lineNumber);
    }
    return new AttrText.Parsed(AttrText.encodeAtSize(b.build()), AttrText.Form.STRACE, notes);
  }

  private static void field(PerfEventAttr.Builder b, String name, String value, int line) {
    switch (name) {
      case "type" -> b.type((int) named(value, TYPES, name, line));
      case "size" -> b.size((int) size(value, line));
      case "config" -> b.config(expression(value, CONFIG, name, line));
      case "sample_period", "sample_freq" -> b.samplePeriodOrFreq(AttrText.number(value, name, line));
      case "sample_type" -> b.sampleType(AttrText.bits(value, "PERF_SAMPLE_", name, line,
          AttrText.SampleBits.SAMPLE_TYPE));
      case "read_format" -> b.readFormat(AttrText.bits(value, "PERF_FORMAT_", name, line,
          AttrText.SampleBits.READ_FORMAT));
      case "precise_ip" -> b.preciseIp((int) AttrText.range(AttrText.number(value, name, line), 0, 3, name, line));
      case "__reserved_1" -> b.flags(b.build().flags() | AttrText.number(value, name, line) << 38);
      case "wakeup_events", "wakeup_watermark" -> b.wakeupEventsOrWatermark((int) AttrText.number(value, name, line));
      case "bp_type" -> b.bpType((int) named(value, BP_TYPES, name, line));
      case "bp_addr", "config1" -> b.config1(AttrText.number(value, name, line));
      case "bp_len", "config2" -> b.config2(AttrText.number(value, name, line));
      case "branch_sample_type" -> b.branchSampleType(AttrText.bits(value, "PERF_SAMPLE_BRANCH_", name, line,
          AttrText.SampleBits.BRANCH));
      case "sample_regs_user" -> b.sampleRegsUser(AttrText.number(value, name, line));
      case "sample_stack_user" -> b.sampleStackUser((int) AttrText.number(value, name, line));
      case "clockid" -> b.clockid((int) named(value, CLOCKS, name, line));
      case "sample_regs_intr" -> b.sampleRegsIntr(AttrText.number(value, name, line));
      case "aux_watermark" -> b.auxWatermark((int) AttrText.number(value, name, line));
      case "sample_max_stack" -> b.sampleMaxStack((short) AttrText.number(value, name, line));
      case "aux_sample_size" -> b.auxSampleSize((int) AttrText.number(value, name, line));
      case "sig_data" -> b.sigData(AttrText.number(value, name, line));
      case "config3" -> b.config3(AttrText.number(value, name, line));
      default -> {
        AttrFlag flag = AttrFlag.ofFieldName(name)
            .orElseThrow(() -> new AttrText.Error(line, "unknown field '" + name + "'"));
        b.flag(flag, AttrText.range(AttrText.number(value, name, line), 0, 1, name, line) == 1);
      }
    }
  }

  private static long size(String value, int line) {
    if (value.startsWith("PERF_ATTR_SIZE_")) {
      for (AttrSize s : AttrSize.values()) {
        if (value.equals("PERF_ATTR_SIZE_" + s.name())) {
          return s.bytes();
        }
      }
      throw new AttrText.Error(line, "size: unknown name '" + value + "'");
    }
    return AttrText.number(value, "size", line);
  }

  private static long named(String value, Map<String, Long> names, String field, int line) {
    Long known = names.get(value);
    return known != null ? known : AttrText.number(value, field, line);
  }

  /** {@code A|B<<8|C<<16} of names or numbers, as strace prints a hardware cache config. */
  private static long expression(String value, Map<String, Long> names, String field, int line) {
    long result = 0;
    for (String part : value.split("\\|")) {
      String p = part.strip();
      int shift = 0;
      int at = p.indexOf("<<");
      if (at >= 0) {
        shift = (int) AttrText.range(AttrText.number(p.substring(at + 2), field, line), 0, 63, field, line);
        p = p.substring(0, at).strip();
      }
      result |= named(p, names, field, line) << shift;
    }
    return result;
  }

  private static Map<String, Long> configNames() {
    Map<String, Long> m = new HashMap<>();
    String[] hw = {"CPU_CYCLES", "INSTRUCTIONS", "CACHE_REFERENCES", "CACHE_MISSES", "BRANCH_INSTRUCTIONS",
        "BRANCH_MISSES", "BUS_CYCLES", "STALLED_CYCLES_FRONTEND", "STALLED_CYCLES_BACKEND", "REF_CPU_CYCLES"};
    String[] sw = {"CPU_CLOCK", "TASK_CLOCK", "PAGE_FAULTS", "CONTEXT_SWITCHES", "CPU_MIGRATIONS",
        "PAGE_FAULTS_MIN", "PAGE_FAULTS_MAJ", "ALIGNMENT_FAULTS", "EMULATION_FAULTS", "DUMMY", "BPF_OUTPUT",
        "CGROUP_SWITCHES"};
    String[] cache = {"L1D", "L1I", "LL", "DTLB", "ITLB", "BPU", "NODE"};
    String[] op = {"READ", "WRITE", "PREFETCH"};
    String[] result = {"ACCESS", "MISS"};
    for (int i = 0; i < hw.length; i++) {
      m.put("PERF_COUNT_HW_" + hw[i], (long) i);
    }
    for (int i = 0; i < sw.length; i++) {
      m.put("PERF_COUNT_SW_" + sw[i], (long) i);
    }
    for (int i = 0; i < cache.length; i++) {
      m.put("PERF_COUNT_HW_CACHE_" + cache[i], (long) i);
    }
    for (int i = 0; i < op.length; i++) {
      m.put("PERF_COUNT_HW_CACHE_OP_" + op[i], (long) i);
    }
    for (int i = 0; i < result.length; i++) {
      m.put("PERF_COUNT_HW_CACHE_RESULT_" + result[i], (long) i);
    }
    return Map.copyOf(m);
  }
}
