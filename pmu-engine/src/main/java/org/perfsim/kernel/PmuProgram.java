package org.perfsim.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.PerfEventAttr;
import org.perfsim.cpu.CpuModel;
import org.perfsim.cpu.Vendor;
import org.perfsim.pmu.DsAreaFields;
import org.perfsim.pmu.EventSelect;
import org.perfsim.pmu.HostAddressSpace;
import org.perfsim.pmu.Msr;
import org.perfsim.pmu.MsrWrite;
import org.perfsim.pmu.SwitchMsr;

/**
 * How a kernel programs one CPU's PMU for the events open on it: a general counter per hardware event,
 * the DS save area and PEBS buffer it allocates, and the MSR writes; plus KVM's VM-entry switch list.
 *
 * @param counters the hardware events, counter i = list index i
 * @param hostGlobalCtrl GLOBAL_CTRL while the host runs
 * @param guestGlobalCtrl the counters of events that count guests (intel_ctrl minus host-only counters); what
 *     KVM loads on VM entry is the policy's {@link #vmEntryList}
 * @param pebsEnable IA32_PEBS_ENABLE as the host programs it
 */
public record PmuProgram(KernelPolicy policy, CpuModel cpu, List<ProgrammedCounter> counters, long dsLinear,
    DsAreaFields dsArea, long hostGlobalCtrl, long guestGlobalCtrl, long pebsEnable) {

  /** PEBS_BUFFER_SIZE of the 2012 kernels: PAGE_SIZE << 4. */
  public static final int PEBS_BUFFER_BYTES = 64 * 1024;
  /** The window of host physical memory early kernel allocations (DS area, PEBS buffer) come from. */
  public static final long ALLOC_LOW = 16L << 20;
  public static final long ALLOC_HIGH = 512L << 20;
  /** Simulated core clock: the period frequency mode converges to is clock / frequency. */
  public static final long CORE_HZ = 3_000_000_000L;
  /** The kernel's precise-cycles alias (INST_RETIRED.ANY_P, inv, cmask 16: every cycle). */
  public static final long PRECISE_CYCLES_ALIAS = 0x108000c0L;

  /** One hardware event on one counter. */
  public record ProgrammedCounter(int fd, KernelEvent event, long evtsel, long period) {}

  public PmuProgram {
    counters = List.copyOf(counters);
  }

  /**
   * Programs {@code events} (those open on one CPU) for {@code cpu}; the DS area and buffer addresses come
   * from {@code random}, page aligned within [ALLOC_LOW, ALLOC_HIGH) of host physical memory.
   */
  public static PmuProgram forEvents(KernelPolicy policy, CpuModel cpu, HostAddressSpace host,
      List<OpenResult.Opened> events, SplittableRandom random) {
    List<ProgrammedCounter> counters = new ArrayList<>();
    long hostCtrl = 0;
    long guestCtrl = 0;
    long pebs = 0;
    for (OpenResult.Opened o : events) {
      long evtsel = evtselFor(cpu, o.attr(), o.event());
      if (evtsel == 0) {
        continue;
      }
      int i = counters.size();
      if (i >= cpu.generalCounters()) {
        throw new IllegalStateException("more hardware events than " + cpu.id() + "'s "
            + cpu.generalCounters() + " counters (multiplexing is not modelled)");
      }
      counters.add(new ProgrammedCounter(o.fd(), o.event(), evtsel, periodOf(o.attr())));
      // AMD and arm64 filter host/guest per counter (evtselFor), so the global enable covers every counter
      boolean perCounterFilter = cpu.vendor() != Vendor.INTEL;
      hostCtrl |= o.event().countsHost() || perCounterFilter ? 1L << i : 0;
      guestCtrl |= o.event().countsGuest() ? 1L << i : 0;
      pebs |= o.event().usesPebs() ? 1L << i : 0;
    }
    long dsPhys = pageInWindow(random);
    long bufferPhys = pageInWindow(random) & ~(PEBS_BUFFER_BYTES - 1L);
    int recordBytes = cpu.pebsFormat().map(f -> f.baseRecordBytes()).orElse(8);
    long base = host.linearOf(bufferPhys);
    long[] reset = new long[cpu.generalCounters()];
    for (int i = 0; i < counters.size(); i++) {
      reset[i] = -counters.get(i).period();
    }
    long capacity = PEBS_BUFFER_BYTES / recordBytes;
    DsAreaFields ds = new DsAreaFields(0, 0, 0, 0, base, base, base + capacity * recordBytes,
        base + recordBytes, reset);
    return new PmuProgram(policy, cpu, counters, host.linearOf(dsPhys), ds, hostCtrl, guestCtrl, pebs);
  }

  /** The wrmsr sequence that arms the counters (the DS area is filled in memory before it). */
  public List<MsrWrite> hostWrites() {
    List<MsrWrite> writes = new ArrayList<>();
    if (cpu.hasPebs()) {
      writes.add(new MsrWrite(Msr.IA32_DS_AREA, dsLinear));
    }
    for (int i = 0; i < counters.size(); i++) {
      writes.add(new MsrWrite(Msr.perfEvtSel(i), counters.get(i).evtsel()));
      writes.add(new MsrWrite(Msr.pmc(i), -counters.get(i).period()));
    }
    if (pebsEnable != 0) {
      writes.add(new MsrWrite(Msr.IA32_PEBS_ENABLE, pebsEnable));
    }
    writes.add(new MsrWrite(Msr.IA32_PERF_GLOBAL_CTRL, hostGlobalCtrl));
    return writes;
  }

  /** {@link #vmEntryList(long, boolean)} with the kernel's PEBS state as programmed. */
  public List<SwitchMsr> vmEntryList(boolean guestHasVpmu) {
    return vmEntryList(pebsEnable, guestHasVpmu);
  }

  /**
   * KVM's VM-entry/exit switch list as the policy builds it on this CPU (see {@link VmEntryMsrList}) when the
   * kernel's cpuc->pebs_enabled reads {@code pebsEnabledNow} (the programmed value minus throttled events).
   */
  public List<SwitchMsr> vmEntryList(long pebsEnabledNow, boolean guestHasVpmu) {
    return VmEntryMsrList.build(policy, cpu, hostGlobalCtrl, guestGlobalCtrl, pebsEnabledNow, dsLinear,
        guestHasVpmu);
  }

  /** The PEBS counters whose period makes perf throttle them every tick of {@code cyclesPerTick}. */
  public long throttledPebsBits(PebsThrottle throttle, long cyclesPerTick) {
    long bits = 0;
    for (int i = 0; i < counters.size(); i++) {
      if ((pebsEnable & (1L << i)) != 0 && throttle.throttles(counters.get(i).period(), cyclesPerTick)) {
        bits |= 1L << i;
      }
    }
    return bits;
  }

  /**
   * What perf's throttle does to the PMU in NMI context (x86_pmu_stop -> intel_pmu_disable_event and
   * intel_pmu_pebs_disable): the counters of {@code bits} lose EN and their PEBS_ENABLE bits.
   */
  public List<MsrWrite> throttleWrites(long bits) {
    return eventSelectsAndPebs(bits, ~EventSelect.EN, pebsEnable & ~bits);
  }

  /** The unthrottle at the next tick: the counters are enabled again and PEBS_ENABLE written from perf's state. */
  public List<MsrWrite> unthrottleWrites(long bits) {
    return eventSelectsAndPebs(bits, -1L, pebsEnable);
  }

  /** The EVTSELs of the counters in {@code bits} (masked by {@code keep}), then IA32_PEBS_ENABLE. */
  private List<MsrWrite> eventSelectsAndPebs(long bits, long keep, long pebs) {
    List<MsrWrite> writes = new ArrayList<>();
    for (int i = 0; i < counters.size(); i++) {
      if ((bits & (1L << i)) != 0) {
        writes.add(new MsrWrite(Msr.perfEvtSel(i), counters.get(i).evtsel() & keep));
      }
    }
    writes.add(new MsrWrite(Msr.IA32_PEBS_ENABLE, pebs));
    return writes;
  }

  private static long evtselFor(CpuModel cpu, PerfEventAttr attr, KernelEvent event) {
    long code;
    if (attr.type() == PerfEventAttr.TYPE_HARDWARE && attr.config() == 0) {
      // AMD's precise cycles run on IBS op sampling, emulated as a cycles counter with a PMI per period
      code = event.usesPebs() ? PRECISE_CYCLES_ALIAS : EventSelect.EVENT_CORE_CYCLES;
    } else if (attr.type() == PerfEventAttr.TYPE_HARDWARE && attr.config() == 1) {
      code = EventSelect.EVENT_INST_RETIRED;
    } else if (attr.type() == PerfEventAttr.TYPE_RAW || attr.type() == 4) {
      code = attr.config() & 0xffff_ffffL & ~(EventSelect.USR | EventSelect.OS | EventSelect.EN | EventSelect.INT);
    } else {
      return 0;
    }
    long sel = code | EventSelect.EN | EventSelect.INT;
    sel |= attr.has(AttrFlag.EXCLUDE_USER) ? 0 : EventSelect.USR;
    sel |= attr.has(AttrFlag.EXCLUDE_KERNEL) ? 0 : EventSelect.OS;
    if (cpu.vendor() != Vendor.INTEL) {
      sel |= hostGuestBits(event);
      if (!event.countsHost() && !event.countsGuest()) {
        // amd_core_hw_config: "When HO == GO == 1 the hardware treats that as GO == HO == 0 and will count in
        // both modes. We don't want to count in that case so we emulate no-counting by setting US = OS = 0."
        sel &= ~(EventSelect.USR | EventSelect.OS);
      }
    }
    return sel;
  }

  /** amd_core_hw_config: exclude_guest sets HostOnly, exclude_host GuestOnly (SVM enabled: KVM is loaded). */
  private static long hostGuestBits(KernelEvent event) {
    if (event.countsHost() == event.countsGuest()) {
      return 0;
    }
    return event.countsHost() ? EventSelect.HOST_ONLY : EventSelect.GUEST_ONLY;
  }

  private static long periodOf(PerfEventAttr attr) {
    long value = attr.samplePeriodOrFreq();
    if (attr.has(AttrFlag.FREQ)) {
      return CORE_HZ / Math.max(1, value);
    }
    return value > 0 ? value : Long.MAX_VALUE >>> 17; // a counting event: overflow far beyond any session
  }

  private static long pageInWindow(SplittableRandom random) {
    return random.nextLong(ALLOC_LOW, ALLOC_HIGH) & ~0xfffL;
  }
}
