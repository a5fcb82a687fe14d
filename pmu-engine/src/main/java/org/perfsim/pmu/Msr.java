package org.perfsim.pmu;

/** Architectural performance-monitoring MSR addresses (Intel SDM vol. 4). */
public final class Msr {
  public static final int IA32_PMC0 = 0xC1;
  public static final int IA32_PERFEVTSEL0 = 0x186;
  public static final int IA32_PERF_CAPABILITIES = 0x345;
  public static final int IA32_FIXED_CTR0 = 0x309;
  public static final int IA32_FIXED_CTR_CTRL = 0x38D;
  public static final int IA32_PERF_GLOBAL_STATUS = 0x38E;
  public static final int IA32_PERF_GLOBAL_CTRL = 0x38F;
  public static final int IA32_PERF_GLOBAL_OVF_CTRL = 0x390;
  public static final int IA32_PEBS_ENABLE = 0x3F1;
  public static final int MSR_PEBS_DATA_CFG = 0x3F2;
  public static final int IA32_DS_AREA = 0x600;

  /** GLOBAL_CTRL / GLOBAL_STATUS / PEBS_ENABLE bit of fixed counter {@code i}. */
  public static final int FIXED_COUNTER_BIT_BASE = 32;

  /** GLOBAL_STATUS bit 62 (OvfBuffer): the PEBS index reached the interrupt threshold. */
  public static final long GLOBAL_STATUS_OVF_BUFFER = 1L << 62;
  /** GLOBAL_STATUS bit 63 (CondChgd). */
  public static final long GLOBAL_STATUS_COND_CHG = 1L << 63;

  /** PERF_CAPABILITIES bit 6: PEBS is trap-like (the record's ip is the next instruction's). */
  public static final long PERF_CAP_PEBS_TRAP = 1L << 6;
  /** PERF_CAPABILITIES bit 7: PEBS records hold the architectural registers. */
  public static final long PERF_CAP_PEBS_ARCH_REG = 1L << 7;
  /** PERF_CAPABILITIES bits 8-11 hold the PEBS record format. */
  public static final int PERF_CAP_PEBS_FORMAT_SHIFT = 8;
  /** PERF_CAPABILITIES bit 14: adaptive PEBS (PEBS_DATA_CFG exists). */
  public static final long PERF_CAP_PEBS_BASELINE = 1L << 14;

  /** MSR_PEBS_DATA_CFG bit 0: the adaptive record carries the memory-info group. */
  public static final long PEBS_DATACFG_MEMINFO = 1L;
  /** MSR_PEBS_DATA_CFG bit 1: the GPR group. */
  public static final long PEBS_DATACFG_GP = 1L << 1;
  /** MSR_PEBS_DATA_CFG bit 2: the XMM group. */
  public static final long PEBS_DATACFG_XMMS = 1L << 2;
  /** MSR_PEBS_DATA_CFG bit 3: the LBR group. */
  public static final long PEBS_DATACFG_LBRS = 1L << 3;
  /** MSR_PEBS_DATA_CFG bits 24-31: number of LBR entries in the record, minus one. */
  public static final int PEBS_DATACFG_LBR_SHIFT = 24;

  /** FIXED_CTR_CTRL bit (32 + 4 * i) on adaptive models: fixed counter i writes adaptive records. */
  public static final int FIXED_CTR_CTRL_ADAPTIVE_BIT_BASE = 32;

  private Msr() {}

  public static int pmc(int i) {
    return IA32_PMC0 + i;
  }

  public static int perfEvtSel(int i) {
    return IA32_PERFEVTSEL0 + i;
  }

  public static int fixedCtr(int i) {
    return IA32_FIXED_CTR0 + i;
  }

  /** A readable name for traces and errors: {@code IA32_PEBS_ENABLE}, {@code IA32_PMC2}, or hex. */
  public static String name(int msr) {
    if (msr >= IA32_PMC0 && msr < IA32_PMC0 + 8) {
      return "IA32_PMC" + (msr - IA32_PMC0);
    }
    if (msr >= IA32_PERFEVTSEL0 && msr < IA32_PERFEVTSEL0 + 8) {
      return "IA32_PERFEVTSEL" + (msr - IA32_PERFEVTSEL0);
    }
    if (msr >= IA32_FIXED_CTR0 && msr < IA32_FIXED_CTR0 + 4) {
      return "IA32_FIXED_CTR" + (msr - IA32_FIXED_CTR0);
    }
    return switch (msr) {
      case IA32_PERF_CAPABILITIES -> "IA32_PERF_CAPABILITIES";
      case IA32_FIXED_CTR_CTRL -> "IA32_FIXED_CTR_CTRL";
      case IA32_PERF_GLOBAL_STATUS -> "IA32_PERF_GLOBAL_STATUS";
      case IA32_PERF_GLOBAL_CTRL -> "IA32_PERF_GLOBAL_CTRL";
      case IA32_PERF_GLOBAL_OVF_CTRL -> "IA32_PERF_GLOBAL_OVF_CTRL";
      case IA32_PEBS_ENABLE -> "IA32_PEBS_ENABLE";
      case MSR_PEBS_DATA_CFG -> "MSR_PEBS_DATA_CFG";
      case IA32_DS_AREA -> "IA32_DS_AREA";
      default -> String.format("MSR 0x%x", msr);
    };
  }
}
