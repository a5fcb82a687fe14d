package org.perfsim.pmu;

import org.perfsim.cpu.CpuModel;
import org.perfsim.cpu.PebsFormat;

/**
 * The PMU's MSRs for one CPU model, with the read/write rules a real CPU applies. Counters are kept in
 * "slots": general counter i is slot i, fixed counter j is slot {@code general + j}. Every model is driven
 * through the Intel architectural MSR numbers (perfsim's uniform counter interface); the PEBS/DS MSRs exist
 * only on models with PEBS, MSR_PEBS_DATA_CFG only on adaptive ones.
 */
final class PmuRegisters {

  final CpuModel model;
  final int general;
  final int fixed;
  final int width;
  final long counterMask;
  final PebsFormat format;

  final long[] value;
  final long[] programmed;
  final long[] evtsel;
  long fixedCtrl;
  long globalCtrl;
  long globalStatus;
  long pebsEnable;
  long dsArea;
  long pebsDataCfg;

  private final long globalCtrlValid;
  private final long pebsEnableValid;
  private final long evtselValid;
  private final long fixedCtrlValid;
  private final long capabilities;

  PmuRegisters(CpuModel model) {
    this.model = model;
    this.general = model.generalCounters();
    this.fixed = model.fixedCounters();
    this.width = model.counterWidthBits();
    this.counterMask = (1L << width) - 1;
    this.format = model.pebsFormat().orElse(null);
    this.value = new long[general + fixed];
    this.programmed = new long[general + fixed];
    this.evtsel = new long[general];
    this.globalCtrlValid = lowBits(general) | (lowBits(fixed) << Msr.FIXED_COUNTER_BIT_BASE);
    this.pebsEnableValid = format == null ? 0
        : format == PebsFormat.FMT0 ? 1 // Core 2: PEBS on PMC0 only
        : lowBits(general) | (format.adaptive() ? lowBits(fixed) << Msr.FIXED_COUNTER_BIT_BASE : 0);
    long tsxBits = format != null && format.number() >= 2 ? 3L << 32 : 0; // IN_TX, IN_TXCP
    long hostGuestBits = model.vendor() == org.perfsim.cpu.Vendor.INTEL ? 0
        : EventSelect.GUEST_ONLY | EventSelect.HOST_ONLY;
    this.evtselValid = 0xffffffffL | tsxBits | hostGuestBits | (adaptive() ? EventSelect.ADAPTIVE_RECORD : 0);
    long fixedCtrl = 0;
    for (int j = 0; j < fixed; j++) {
      fixedCtrl |= 0xfL << (4 * j);
      fixedCtrl |= adaptive() ? 1L << (Msr.FIXED_CTR_CTRL_ADAPTIVE_BIT_BASE + 4 * j) : 0;
    }
    this.fixedCtrlValid = fixedCtrl;
    this.capabilities = format == null ? 0 : capabilitiesOf(format);
  }

  private static long capabilitiesOf(PebsFormat format) {
    long caps = Msr.PERF_CAP_PEBS_ARCH_REG | ((long) format.number() << Msr.PERF_CAP_PEBS_FORMAT_SHIFT);
    return caps | (format.adaptive() ? Msr.PERF_CAP_PEBS_BASELINE : Msr.PERF_CAP_PEBS_TRAP);
  }

  private static long lowBits(int n) {
    return n == 0 ? 0 : -1L >>> (64 - n);
  }

  boolean hasPebs() {
    return format != null;
  }

  boolean adaptive() {
    return format != null && format.adaptive();
  }

  int slots() {
    return general + fixed;
  }

  /** The slot's GLOBAL_CTRL / GLOBAL_STATUS / PEBS_ENABLE bit. */
  int bitOf(int slot) {
    return slot < general ? slot : Msr.FIXED_COUNTER_BIT_BASE + slot - general;
  }

  private long fixedNibble(int slot) {
    return fixedCtrl >>> (4 * (slot - general)) & 0xf;
  }

  /** Enabled globally and locally, and the privilege filter admits {@code ring}. */
  boolean counts(int slot, Ring ring) {
    if ((globalCtrl & (1L << bitOf(slot))) == 0) {
      return false;
    }
    boolean kernel = ring == Ring.KERNEL;
    if (slot < general) {
      long sel = evtsel[slot];
      return (sel & EventSelect.EN) != 0 && (sel & (kernel ? EventSelect.OS : EventSelect.USR)) != 0;
    }
    return (fixedNibble(slot) & (kernel ? 1 : 2)) != 0;
  }

  /**
   * The counter's host/guest filter admits the context: a HostOnly counter stops in guest mode, a GuestOnly
   * one in host mode, both bits (or neither) count in both (AMD APM vol. 2, "Host/Guest Only bits"; the
   * kernel never sets both: amd_core_hw_config clears USR and OS instead).
   */
  boolean countsIn(int slot, boolean guest) {
    if (slot >= general) {
      return true;
    }
    long hg = evtsel[slot] & (EventSelect.GUEST_ONLY | EventSelect.HOST_ONLY);
    return hg == 0 || hg == (EventSelect.GUEST_ONLY | EventSelect.HOST_ONLY)
        || hg == (guest ? EventSelect.GUEST_ONLY : EventSelect.HOST_ONLY);
  }

  /**
   * The registers that decide what counts and where records go (event selects, fixed control, global
   * control, PEBS enable, DS area, PEBS data config), in a fixed order; counts and status are left out.
   */
  long[] controls() {
    long[] c = new long[general + 5];
    System.arraycopy(evtsel, 0, c, 0, general);
    c[general] = fixedCtrl;
    c[general + 1] = globalCtrl;
    c[general + 2] = pebsEnable;
    c[general + 3] = dsArea;
    c[general + 4] = pebsDataCfg;
    return c;
  }

  /** Whether {@link #controls()} would equal {@code c}, without allocating. */
  boolean controlsEqual(long[] c) {
    for (int i = 0; i < general; i++) {
      if (evtsel[i] != c[i]) {
        return false;
      }
    }
    return fixedCtrl == c[general] && globalCtrl == c[general + 1] && pebsEnable == c[general + 2]
        && dsArea == c[general + 3] && pebsDataCfg == c[general + 4];
  }

  /** Every register's value, counts, re-arm values and status included: to compare before and after. */
  long[] everything() {
    long[] controls = controls();
    int n = controls.length;
    long[] all = java.util.Arrays.copyOf(controls, n + 2 * value.length + 1);
    System.arraycopy(value, 0, all, n, value.length);
    System.arraycopy(programmed, 0, all, n + value.length, programmed.length);
    all[all.length - 1] = globalStatus;
    return all;
  }

  /** A counter MSR (legacy PMC alias or fixed counter): writing it changes a count. */
  boolean isCounter(int msr) {
    return (msr >= Msr.IA32_PMC0 && msr < Msr.IA32_PMC0 + general)
        || (msr >= Msr.IA32_FIXED_CTR0 && msr < Msr.IA32_FIXED_CTR0 + fixed);
  }

  EventSelect.CountedEvent eventOf(int slot) {
    if (slot < general) {
      return EventSelect.countedEvent(evtsel[slot]);
    }
    return switch (slot - general) {
      case 0 -> EventSelect.CountedEvent.INSTRUCTIONS; // INST_RETIRED.ANY
      case 1, 2 -> EventSelect.CountedEvent.CYCLES; // CPU_CLK_UNHALTED.CORE / .REF
      default -> EventSelect.CountedEvent.NONE; // TOPDOWN.SLOTS is not modelled
    };
  }

  boolean interruptEnabled(int slot) {
    return slot < general ? (evtsel[slot] & EventSelect.INT) != 0 : (fixedNibble(slot) & 8) != 0;
  }

  boolean pebsEnabled(int slot) {
    return (pebsEnable & (1L << bitOf(slot))) != 0;
  }

  /** The counter's PEBS records carry the PEBS_DATA_CFG groups (adaptive models). */
  boolean adaptiveRecord(int slot) {
    if (slot < general) {
      return (evtsel[slot] & EventSelect.ADAPTIVE_RECORD) != 0;
    }
    return (fixedCtrl & (1L << (Msr.FIXED_CTR_CTRL_ADAPTIVE_BIT_BASE + 4 * (slot - general)))) != 0;
  }

  MsrResult read(int msr) {
    int pmc = msr - Msr.IA32_PMC0;
    int sel = msr - Msr.IA32_PERFEVTSEL0;
    int fix = msr - Msr.IA32_FIXED_CTR0;
    if (pmc >= 0 && pmc < general) {
      return new MsrResult.Value(value[pmc]);
    }
    if (sel >= 0 && sel < general) {
      return new MsrResult.Value(evtsel[sel]);
    }
    if (fix >= 0 && fix < fixed) {
      return new MsrResult.Value(value[general + fix]);
    }
    return switch (msr) {
      case Msr.IA32_FIXED_CTR_CTRL -> fixed > 0 ? new MsrResult.Value(fixedCtrl) : absent(msr, 0);
      case Msr.IA32_PERF_GLOBAL_CTRL -> new MsrResult.Value(globalCtrl);
      case Msr.IA32_PERF_GLOBAL_STATUS -> new MsrResult.Value(globalStatus);
      case Msr.IA32_PERF_GLOBAL_OVF_CTRL -> new MsrResult.Value(0);
      case Msr.IA32_PEBS_ENABLE -> hasPebs() ? new MsrResult.Value(pebsEnable) : absent(msr, 0);
      case Msr.IA32_DS_AREA -> hasPebs() ? new MsrResult.Value(dsArea) : absent(msr, 0);
      case Msr.IA32_PERF_CAPABILITIES -> hasPebs() ? new MsrResult.Value(capabilities) : absent(msr, 0);
      case Msr.MSR_PEBS_DATA_CFG -> adaptive() ? new MsrResult.Value(pebsDataCfg) : absent(msr, 0);
      default -> absent(msr, 0);
    };
  }

  MsrResult write(int msr, long v) {
    int pmc = msr - Msr.IA32_PMC0;
    int sel = msr - Msr.IA32_PERFEVTSEL0;
    int fix = msr - Msr.IA32_FIXED_CTR0;
    if (pmc >= 0 && pmc < general) {
      // The legacy IA32_PMCx alias writes bits 31:0 and sign-extends bit 31 over the counter's width.
      return setCounter(pmc, ((long) (int) v) & counterMask);
    }
    if (sel >= 0 && sel < general) {
      return checked(msr, v, evtselValid, () -> evtsel[sel] = v);
    }
    if (fix >= 0 && fix < fixed) {
      return setCounter(general + fix, v & counterMask);
    }
    return switch (msr) {
      case Msr.IA32_FIXED_CTR_CTRL -> fixed > 0 ? checked(msr, v, fixedCtrlValid, () -> fixedCtrl = v)
          : absent(msr, v);
      case Msr.IA32_PERF_GLOBAL_CTRL -> checked(msr, v, globalCtrlValid, () -> globalCtrl = v);
      case Msr.IA32_PERF_GLOBAL_STATUS -> readOnly(msr, v);
      case Msr.IA32_PERF_GLOBAL_OVF_CTRL -> clearStatus(v);
      case Msr.IA32_PEBS_ENABLE -> hasPebs() ? checked(msr, v, pebsEnableValid, () -> pebsEnable = v)
          : absent(msr, v);
      case Msr.IA32_DS_AREA -> hasPebs() ? writeDsArea(v) : absent(msr, v);
      case Msr.IA32_PERF_CAPABILITIES -> hasPebs() ? readOnly(msr, v) : absent(msr, v);
      case Msr.MSR_PEBS_DATA_CFG -> adaptive() ? checked(msr, v, dataCfgValid(), () -> pebsDataCfg = v)
          : absent(msr, v);
      default -> absent(msr, v);
    };
  }

  private static long dataCfgValid() {
    return Msr.PEBS_DATACFG_MEMINFO | Msr.PEBS_DATACFG_GP | Msr.PEBS_DATACFG_XMMS | Msr.PEBS_DATACFG_LBRS
        | (0xffL << Msr.PEBS_DATACFG_LBR_SHIFT);
  }

  /**
   * Sets a counter's current count without changing the value perf's handler re-arms it with: the first
   * period of an event is what is left of it when the counter starts (see {@link EmulatedPmu#startCounter}).
   */
  MsrResult startCounter(int msr, long v) {
    int pmc = msr - Msr.IA32_PMC0;
    int fix = msr - Msr.IA32_FIXED_CTR0;
    int slot = pmc >= 0 && pmc < general ? pmc : fix >= 0 && fix < fixed ? general + fix : -1;
    if (slot < 0) {
      return absent(msr, v);
    }
    value[slot] = slot < general ? ((long) (int) v) & counterMask : v & counterMask;
    return new MsrResult.Value(value[slot]);
  }

  private MsrResult setCounter(int slot, long held) {
    value[slot] = held;
    programmed[slot] = held;
    return new MsrResult.Value(held);
  }

  private MsrResult clearStatus(long v) {
    long valid = globalCtrlValid | Msr.GLOBAL_STATUS_OVF_BUFFER | Msr.GLOBAL_STATUS_COND_CHG;
    return checked(Msr.IA32_PERF_GLOBAL_OVF_CTRL, v, valid, () -> globalStatus &= ~v);
  }

  private MsrResult writeDsArea(long v) {
    if ((v << 16 >> 16) != v) {
      return new MsrResult.GeneralProtection(Msr.IA32_DS_AREA, v,
          String.format("IA32_DS_AREA: 0x%x is not a canonical linear address", v));
    }
    dsArea = v;
    return new MsrResult.Value(v);
  }

  private MsrResult checked(int msr, long v, long validBits, Runnable store) {
    long reserved = v & ~validBits;
    if (reserved != 0) {
      return new MsrResult.GeneralProtection(msr, v, String.format("%s: reserved bits 0x%x set on %s",
          Msr.name(msr), reserved, model.id()));
    }
    store.run();
    return read(msr);
  }

  private MsrResult readOnly(int msr, long v) {
    return new MsrResult.GeneralProtection(msr, v, Msr.name(msr) + " is read-only");
  }

  private MsrResult absent(int msr, long v) {
    return new MsrResult.GeneralProtection(msr, v, Msr.name(msr) + " does not exist on " + model.id());
  }
}
