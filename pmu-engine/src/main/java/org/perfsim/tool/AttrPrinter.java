package org.perfsim.tool;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.PerfEventAttr;
import org.perfsim.abi.ReadFormat;
import org.perfsim.abi.SampleType;

/**
 * perf's {@code -vv} attr printer ({@code perf_event_attr__fprintf} and {@code display_attr} in
 * tools/perf/util, as the installed perf 6.1 prints): a 60-dash line, {@code perf_event_attr:}, one
 * {@code "  %-32s %s"} line per non-zero field in perf's order, a closing dashed line.
 *
 * <p>Bit-set fields use perf's own name tables, which differ from the kernel's bit order and from
 * {@link SampleType#describe}: perf prints {@code REGS_INTR} before {@code DATA_SRC} and has no entry
 * for {@code TRANSACTION}, and unknown bits are dropped, not printed in hex (checked against the
 * binary with {@code --intr-regs} and {@code --transaction}).
 */
public final class AttrPrinter {

  /** {@code graph_dotted_line} cut to 60 characters. */
  public static final String DASHES = "-".repeat(60);
  public static final String HEADER = "perf_event_attr:";

  /** perf's sample_type name table order (__p_sample_type); TRANSACTION is missing there. */
  private static final List<SampleType> SAMPLE_TYPE_ORDER = List.of(SampleType.IP, SampleType.TID,
      SampleType.TIME, SampleType.ADDR, SampleType.READ, SampleType.CALLCHAIN, SampleType.ID,
      SampleType.CPU, SampleType.PERIOD, SampleType.STREAM_ID, SampleType.RAW,
      SampleType.BRANCH_STACK, SampleType.REGS_USER, SampleType.STACK_USER, SampleType.IDENTIFIER,
      SampleType.REGS_INTR, SampleType.DATA_SRC, SampleType.WEIGHT, SampleType.PHYS_ADDR,
      SampleType.AUX, SampleType.CGROUP, SampleType.DATA_PAGE_SIZE, SampleType.CODE_PAGE_SIZE,
      SampleType.WEIGHT_STRUCT);

  /** PERF_SAMPLE_BRANCH_* names in perf's table order; the value is the bit number. */
  private static final List<String> BRANCH_SAMPLE_NAMES = List.of("USER", "KERNEL", "HV", "ANY",
      "ANY_CALL", "ANY_RETURN", "IND_CALL", "ABORT_TX", "IN_TX", "NO_TX", "COND", "CALL_STACK",
      "IND_JUMP", "CALL", "NO_FLAGS", "NO_CYCLES", "TYPE_SAVE", "HW_INDEX");

  /** The single-bit flags in the order perf prints them (header order, precise_ip after watermark). */
  private static final List<AttrFlag> FLAGS_BEFORE_PRECISE = List.of(AttrFlag.DISABLED,
      AttrFlag.INHERIT, AttrFlag.PINNED, AttrFlag.EXCLUSIVE, AttrFlag.EXCLUDE_USER,
      AttrFlag.EXCLUDE_KERNEL, AttrFlag.EXCLUDE_HV, AttrFlag.EXCLUDE_IDLE, AttrFlag.MMAP,
      AttrFlag.COMM, AttrFlag.FREQ, AttrFlag.INHERIT_STAT, AttrFlag.ENABLE_ON_EXEC, AttrFlag.TASK,
      AttrFlag.WATERMARK);
  private static final List<AttrFlag> FLAGS_AFTER_PRECISE = List.of(AttrFlag.MMAP_DATA,
      AttrFlag.SAMPLE_ID_ALL, AttrFlag.EXCLUDE_HOST, AttrFlag.EXCLUDE_GUEST,
      AttrFlag.EXCLUDE_CALLCHAIN_KERNEL, AttrFlag.EXCLUDE_CALLCHAIN_USER, AttrFlag.MMAP2,
      AttrFlag.COMM_EXEC, AttrFlag.USE_CLOCKID, AttrFlag.CONTEXT_SWITCH, AttrFlag.WRITE_BACKWARD,
      AttrFlag.NAMESPACES, AttrFlag.KSYMBOL, AttrFlag.BPF_EVENT, AttrFlag.AUX_OUTPUT,
      AttrFlag.CGROUP, AttrFlag.TEXT_POKE, AttrFlag.BUILD_ID, AttrFlag.INHERIT_THREAD,
      AttrFlag.REMOVE_ON_EXEC, AttrFlag.SIGTRAP);

  private AttrPrinter() {}

  /** The whole block as perf -vv writes it, each line ending in a newline. */
  public static String verbose(PerfEventAttr attr) {
    StringBuilder out = new StringBuilder();
    out.append(DASHES).append('\n').append(HEADER).append('\n');
    fields(attr).forEach((name, value) -> out.append(line(name, value)).append('\n'));
    return out.append(DASHES).append('\n').toString();
  }

  /** One field line: two spaces, the name left-aligned in 32 columns, a space, the value. */
  public static String line(String name, String value) {
    return String.format("  %-32s %s", name, value);
  }

  /**
   * The printed fields in print order, name to value as perf formats them; zero fields are absent,
   * exactly as perf omits them.
   */
  public static Map<String, String> fields(PerfEventAttr attr) {
    Map<String, String> out = new LinkedHashMap<>();
    unsigned(out, "type", Integer.toUnsignedLong(attr.type()));
    unsigned(out, "size", Integer.toUnsignedLong(attr.size()));
    hex(out, "config", attr.config());
    unsigned(out, "{ sample_period, sample_freq }", attr.samplePeriodOrFreq());
    named(out, "sample_type", sampleTypeNames(attr.sampleType()));
    named(out, "read_format", readFormatNames(attr.readFormat()));
    FLAGS_BEFORE_PRECISE.forEach(f -> flag(out, attr, f));
    unsigned(out, "precise_ip", attr.preciseIp());
    FLAGS_AFTER_PRECISE.forEach(f -> flag(out, attr, f));
    unsigned(out, "{ wakeup_events, wakeup_watermark }",
        Integer.toUnsignedLong(attr.wakeupEventsOrWatermark()));
    unsigned(out, "bp_type", Integer.toUnsignedLong(attr.bpType()));
    hex(out, "{ bp_addr, config1 }", attr.config1());
    hex(out, "{ bp_len, config2 }", attr.config2());
    named(out, "branch_sample_type", branchSampleNames(attr.branchSampleType()));
    hex(out, "sample_regs_user", attr.sampleRegsUser());
    unsigned(out, "sample_stack_user", Integer.toUnsignedLong(attr.sampleStackUser()));
    signed(out, "clockid", attr.clockid());
    hex(out, "sample_regs_intr", attr.sampleRegsIntr());
    unsigned(out, "aux_watermark", Integer.toUnsignedLong(attr.auxWatermark()));
    unsigned(out, "sample_max_stack", Short.toUnsignedLong(attr.sampleMaxStack()));
    unsigned(out, "aux_sample_size", Integer.toUnsignedLong(attr.auxSampleSize()));
    unsigned(out, "sig_data", attr.sigData());
    return Collections.unmodifiableMap(out);
  }

  /** {@code IP|TID|TIME|PERIOD} in perf's table order; bits perf has no name for are dropped. */
  public static String sampleTypeNames(long bits) {
    StringJoiner names = new StringJoiner("|");
    SAMPLE_TYPE_ORDER.stream().filter(t -> (bits & t.mask()) != 0).forEach(t -> names.add(t.name()));
    return names.toString();
  }

  /** {@code ID|GROUP|LOST}: perf 6.1's read_format table has every bit in bit order. */
  public static String readFormatNames(long bits) {
    StringJoiner names = new StringJoiner("|");
    for (ReadFormat f : ReadFormat.values()) {
      if ((bits & f.mask()) != 0) {
        names.add(f.name());
      }
    }
    return names.toString();
  }

  /** PERF_SAMPLE_BRANCH_* names without the prefix, by bit number (what {@link AttrText} reads back). */
  public static List<String> branchSampleNameList() {
    return BRANCH_SAMPLE_NAMES;
  }

  /** PERF_SAMPLE_BRANCH_* names, e.g. {@code USER|CALL_STACK|NO_FLAGS|NO_CYCLES|HW_INDEX}. */
  public static String branchSampleNames(long bits) {
    StringJoiner names = new StringJoiner("|");
    for (int bit = 0; bit < BRANCH_SAMPLE_NAMES.size(); bit++) {
      if ((bits & (1L << bit)) != 0) {
        names.add(BRANCH_SAMPLE_NAMES.get(bit));
      }
    }
    return names.toString();
  }

  private static void flag(Map<String, String> out, PerfEventAttr attr, AttrFlag flag) {
    if (attr.has(flag)) {
      out.put(flag.fieldName(), "1");
    }
  }

  private static void unsigned(Map<String, String> out, String name, long value) {
    if (value != 0) {
      out.put(name, Long.toUnsignedString(value));
    }
  }

  private static void signed(Map<String, String> out, String name, long value) {
    if (value != 0) {
      out.put(name, Long.toString(value));
    }
  }

  /** perf's {@code %#"PRIx64}: {@code 0x1c2}. */
  private static void hex(Map<String, String> out, String name, long value) {
    if (value != 0) {
      out.put(name, "0x" + Long.toHexString(value));
    }
  }

  /**
   * A bit-set field whose set bits all lack a name is left out: perf would print whatever its
   * buffer last held there, which no model can reproduce.
   */
  private static void named(Map<String, String> out, String name, String value) {
    if (!value.isEmpty()) {
      out.put(name, value);
    }
  }
}
