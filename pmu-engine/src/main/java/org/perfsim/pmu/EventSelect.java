package org.perfsim.pmu;

/**
 * The fields of an IA32_PERFEVTSELx value: event 0-7, umask 8-15, USR 16, OS 17, edge 18, pin control 19,
 * INT 20, any thread 21, EN 22, inv 23, cmask 24-31, and on adaptive-PEBS models Adaptive_Record 34.
 */
public record EventSelect(int eventCode, int unitMask, boolean usr, boolean os, boolean edge,
    boolean pinControl, boolean interrupt, boolean anyThread, boolean enabled, boolean invert,
    int counterMask, boolean adaptiveRecord) {

  public static final long USR = 1L << 16;
  public static final long OS = 1L << 17;
  public static final long EDGE = 1L << 18;
  public static final long PIN_CONTROL = 1L << 19;
  public static final long INT = 1L << 20;
  public static final long ANY_THREAD = 1L << 21;
  public static final long EN = 1L << 22;
  public static final long INV = 1L << 23;
  public static final int CMASK_SHIFT = 24;
  /** Ice Lake's ICL_EVENTSEL_ADAPTIVE: this counter's PEBS records carry the PEBS_DATA_CFG groups. */
  public static final long ADAPTIVE_RECORD = 1L << 34;

  /**
   * AMD's GuestOnly (bit 40) and HostOnly (bit 41) PERF_CTL bits: with SVM enabled the counter counts only
   * in guest or only in host mode (amd_core_hw_config, arch/x86/events/amd/core.c; AMD APM vol. 2 §13.2).
   * perfsim also uses them for arm64, whose KVM enables and disables exclude_host/exclude_guest counters
   * on every guest switch instead (kvm_vcpu_pmu_restore_guest/host, arch/arm64/kvm/pmu.c).
   */
  public static final long GUEST_ONLY = 1L << 40;
  public static final long HOST_ONLY = 1L << 41;

  /** UNHALTED_CORE_CYCLES. */
  public static final int EVENT_CORE_CYCLES = 0x3c;
  /** INST_RETIRED (umask 0 or 1). */
  public static final int EVENT_INST_RETIRED = 0xc0;
  /** umask 0x03 with event 0: REF_CPU_CYCLES, the fixed-counter alias later models accept on a PMC. */
  public static final int EVENT_REF_CYCLES_ALIAS = 0x00;

  /** The value's fields. */
  public static EventSelect decode(long value) {
    return new EventSelect((int) (value & 0xff), (int) ((value >>> 8) & 0xff), (value & USR) != 0,
        (value & OS) != 0, (value & EDGE) != 0, (value & PIN_CONTROL) != 0, (value & INT) != 0,
        (value & ANY_THREAD) != 0, (value & EN) != 0, (value & INV) != 0,
        (int) ((value >>> CMASK_SHIFT) & 0xff), (value & ADAPTIVE_RECORD) != 0);
  }

  /** An enabled counter for {@code eventCode}/{@code unitMask} at the given privilege levels. */
  public static EventSelect counting(int eventCode, int unitMask, boolean usr, boolean os) {
    return new EventSelect(eventCode, unitMask, usr, os, false, false, false, false, true, false, 0, false);
  }

  /** The MSR value. */
  public long encode() {
    long v = (eventCode & 0xffL) | ((unitMask & 0xffL) << 8) | ((counterMask & 0xffL) << CMASK_SHIFT);
    v |= usr ? USR : 0;
    v |= os ? OS : 0;
    v |= edge ? EDGE : 0;
    v |= pinControl ? PIN_CONTROL : 0;
    v |= interrupt ? INT : 0;
    v |= anyThread ? ANY_THREAD : 0;
    v |= enabled ? EN : 0;
    v |= invert ? INV : 0;
    v |= adaptiveRecord ? ADAPTIVE_RECORD : 0;
    return v;
  }

  public EventSelect withInterrupt(boolean on) {
    return new EventSelect(eventCode, unitMask, usr, os, edge, pinControl, on, anyThread, enabled, invert,
        counterMask, adaptiveRecord);
  }

  public EventSelect withAdaptiveRecord(boolean on) {
    return new EventSelect(eventCode, unitMask, usr, os, edge, pinControl, interrupt, anyThread, enabled,
        invert, counterMask, on);
  }

  /** What perfsim's slice model counts for this selection; see {@link #countedEvent(long)}. */
  public CountedEvent countedEvent() {
    return countedEvent(encode());
  }

  /**
   * What perfsim's slice model counts for an EVTSEL value (allocation-free). Cycles: UNHALTED_CORE_CYCLES
   * (either umask), REF_CPU_CYCLES, and INST_RETIRED with inv and a cmask (the kernel's {@code cycles:p}
   * alias 0x108000c0: cycles retiring fewer than cmask instructions, i.e. every cycle). Instructions:
   * INST_RETIRED otherwise. Anything else is not modelled and counts nothing; edge and other cmask uses are
   * ignored.
   */
  public static CountedEvent countedEvent(long value) {
    int event = (int) (value & 0xff);
    int umask = (int) ((value >>> 8) & 0xff);
    if (event == EVENT_CORE_CYCLES || (event == EVENT_REF_CYCLES_ALIAS && umask == 0x03)) {
      return CountedEvent.CYCLES;
    }
    if (event == EVENT_INST_RETIRED) {
      boolean cyclesAlias = (value & INV) != 0 && ((value >>> CMASK_SHIFT) & 0xff) != 0;
      return cyclesAlias ? CountedEvent.CYCLES : CountedEvent.INSTRUCTIONS;
    }
    return CountedEvent.NONE;
  }

  /** The quantity of a slice a counter advances by. */
  public enum CountedEvent {
    CYCLES, INSTRUCTIONS, NONE
  }
}
