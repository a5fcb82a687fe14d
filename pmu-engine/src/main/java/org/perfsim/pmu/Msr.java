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
