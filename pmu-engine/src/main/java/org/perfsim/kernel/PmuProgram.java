package org.perfsim.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.PerfEventAttr;
import org.perfsim.cpu.CpuModel;
import org.perfsim.pmu.DsAreaFields;
import org.perfsim.pmu.EventSelect;
import org.perfsim.pmu.HostAddressSpace;
import org.perfsim.pmu.Msr;
import org.perfsim.pmu.MsrWrite;

/**
 * How a kernel programs one CPU's PMU for the events open on it: a general counter per hardware event,
 * the DS save area and PEBS buffer it allocates, and the MSR writes; plus KVM's VM-entry switch list.
 *
 * @param counters the hardware events, counter i = list index i
 * @param hostGlobalCtrl GLOBAL_CTRL while the host runs
 * @param guestGlobalCtrl GLOBAL_CTRL KVM loads on VM entry (counters of events that count guests)
 * @param pebsEnable IA32_PEBS_ENABLE as the host programs it
 */
public record PmuProgram(KernelPolicy policy, List<ProgrammedCounter> counters, long dsLinear,
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
      long evtsel = evtselFor(o.attr(), o.event());
      if (evtsel == 0) {
        continue;
      }
      int i = counters.size();
      if (i >= cpu.generalCounters()) {
        throw new IllegalStateException("more hardware events than " + cpu.id() + "'s "
            + cpu.generalCounters() + " counters (multiplexing is not modelled)");
      }
      counters.add(new ProgrammedCounter(o.fd(), o.event(), evtsel, periodOf(o.attr())));
      hostCtrl |= o.event().countsHost() ? 1L << i : 0;
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
    return new PmuProgram(policy, counters, host.linearOf(dsPhys), ds, hostCtrl, guestCtrl, pebs);
  }

  /** The wrmsr sequence that arms the counters (the DS area is filled in memory before it). */
  public List<MsrWrite> hostWrites() {
    List<MsrWrite> writes = new ArrayList<>();
    writes.add(new MsrWrite(Msr.IA32_DS_AREA, dsLinear));
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

  /**
   * The guest values KVM's atomic switch loads on VM entry: GLOBAL_CTRL without host-only counters;
   * IA32_PEBS_ENABLE only where the policy switches it (2012 kernels leave the host's value: the leak).
   */
  public List<MsrWrite> guestEntryValues() {
    List<MsrWrite> writes = new ArrayList<>();
    writes.add(new MsrWrite(Msr.IA32_PERF_GLOBAL_CTRL, guestGlobalCtrl));
    if (policy.clearsPebsOnVmEntry()) {
      writes.add(new MsrWrite(Msr.IA32_PEBS_ENABLE, 0));
    }
    return writes;
  }

  private static long evtselFor(PerfEventAttr attr, KernelEvent event) {
    long code;
    if (attr.type() == PerfEventAttr.TYPE_HARDWARE && attr.config() == 0) {
      code = event.preciseIp() > 0 ? PRECISE_CYCLES_ALIAS : EventSelect.EVENT_CORE_CYCLES;
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
    return sel;
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
