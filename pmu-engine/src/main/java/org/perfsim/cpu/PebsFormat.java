package org.perfsim.cpu;

/**
 * PEBS record layouts (arch/x86/events/intel/ds.c), all fields u64. Formats 0-3 have a fixed size;
 * format 4 (adaptive, Ice Lake and later) is a 32-byte basic group plus the groups PEBS_DATA_CFG selects.
 */
public enum PebsFormat {
  /** pebs_record_core: flags, ip, ax..di, bp, sp, r8-r15. */
  FMT0(0, 144),
  /** pebs_record_nhm: fmt0 + status, dla, dse, lat. */
  FMT1(1, 176),
  /** pebs_record_hsw: fmt1 + real_ip, tsx_tuning. */
  FMT2(2, 192),
  /** pebs_record_skl: fmt2 + tsc. */
  FMT3(3, 200),
  /** Adaptive: basic group (format_size, ip, applicable_counters, tsc) + selected groups. */
  FMT4_ADAPTIVE(4, 32);

  /** Bytes of the adaptive memory-info group (address, aux, latency, tsx_tuning). */
  public static final int ADAPTIVE_MEMINFO_BYTES = 32;
  /** Bytes of the adaptive GPR group (flags, ip, ax, cx, dx, bx, sp, bp, si, di, r8-r15). */
  public static final int ADAPTIVE_GPR_BYTES = 144;
  /** Bytes of the adaptive XMM group. */
  public static final int ADAPTIVE_XMM_BYTES = 256;
  /** Bytes of one adaptive LBR entry (from, to, info). */
  public static final int ADAPTIVE_LBR_ENTRY_BYTES = 24;

  private final int number;
  private final int baseRecordBytes;

  PebsFormat(int number, int baseRecordBytes) {
    this.number = number;
    this.baseRecordBytes = baseRecordBytes;
  }

  /** The format number in IA32_PERF_CAPABILITIES bits 8-11. */
  public int number() {
    return number;
  }

  /** Record size for formats 0-3; the basic group's size for the adaptive format. */
  public int baseRecordBytes() {
    return baseRecordBytes;
  }

  public boolean adaptive() {
    return this == FMT4_ADAPTIVE;
  }
}
