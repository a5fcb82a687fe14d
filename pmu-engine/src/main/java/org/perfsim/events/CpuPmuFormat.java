package org.perfsim.events;

import java.util.Map;
import java.util.Optional;

/**
 * The format terms of the {@code cpu} PMU of the Intel host perfsim models
 * (/sys/bus/event_source/devices/cpu/format: IA32_PERFEVTSELx layout), and its type, 4.
 */
enum CpuPmuFormat {
  EVENT("event", 0, 8),
  UMASK("umask", 8, 8),
  EDGE("edge", 18, 1),
  PC("pc", 19, 1),
  ANY("any", 21, 1),
  INV("inv", 23, 1),
  CMASK("cmask", 24, 8);

  static final String PMU_NAME = "cpu";
  /** The cpu PMU registers as PERF_TYPE_RAW on Intel. */
  static final int TYPE = 4;

  private static final Map<String, CpuPmuFormat> BY_NAME = Map.of(
      "event", EVENT, "umask", UMASK, "edge", EDGE, "pc", PC, "any", ANY, "inv", INV,
      "cmask", CMASK);

  private final String termName;
  private final int shift;
  private final int bits;

  CpuPmuFormat(String termName, int shift, int bits) {
    this.termName = termName;
    this.shift = shift;
    this.bits = bits;
  }

  static Optional<CpuPmuFormat> byTermName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** The valid terms perf lists in its "unknown term" help for this PMU. */
  static String validTerms() {
    return "event,umask,edge,pc,any,inv,cmask,config,config1,config2,name,period,percore,metric-id";
  }

  String termName() {
    return termName;
  }

  long maxValue() {
    return (1L << bits) - 1;
  }

  /** The value placed in config (perf's pmu_format_value ORs it in). */
  long encode(long value) {
    return value << shift;
  }
}
