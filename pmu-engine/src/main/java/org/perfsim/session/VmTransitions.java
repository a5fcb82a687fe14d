package org.perfsim.session;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.perfsim.kernel.PebsThrottle;
import org.perfsim.kernel.PmuProgram;
import org.perfsim.pmu.EmulatedPmu;
import org.perfsim.pmu.GuestAddressSpace;
import org.perfsim.pmu.Msr;
import org.perfsim.pmu.MsrResult;
import org.perfsim.pmu.MsrWrite;
import org.perfsim.pmu.Ring;
import org.perfsim.pmu.SwitchMsr;
import org.perfsim.pmu.VmEntryResult;

/**
 * KVM's VM entries and exits on a host's pCPUs under its kernel policy: each guest slice enters through the
 * policy's switch list ({@link PmuProgram#vmEntryList}), and under the 2026 policies perf's NMI throttle may
 * strike between building that list and the entry ({@link PebsThrottle}). Every MSR the CPU refuses (a load
 * at entry, a host value at exit, perf's own writes) ends the session with an error naming it: never ignored.
 */
final class VmTransitions {
  /** The VM round trips a busy vCPU makes in one tick (one slice). */
  private static final int ENTRIES = PebsThrottle.VM_ENTRIES_PER_TICK;
  /** Every guest has a vPMU (QEMU's -cpu host), so KVM hands perf_guest_get_msrs() its kvm_pmu. */
  static final boolean GUEST_HAS_VPMU = true;
  /** Salt for the race's own random stream, so the 2026 draws leave every other draw of the session as is. */
  private static final long RACE_STREAM = 0x2026_0508L;

  /** Runs round trips {@code from} (inclusive) to {@code to} (exclusive) of {@code of} equal parts of a slice. */
  @FunctionalInterface
  interface SliceRun {
    void run(int from, int to, int of);
  }

  private final HostSpec spec;
  private final PmuProgram[] programs;
  private final EmulatedPmu[] pmus;
  private final PebsThrottle throttle;
  private final long[] throttledBits;
  private final long[] throttledNow;
  private final List<SwitchMsr>[] override;
  private final List<SwitchMsr>[] usual;
  private final SplittableRandom raceRandom;
  private long staleExitLoads;
  private long stuckGuestEntries;
  private long firstStaleExitNanos = -1;
  private final java.util.BitSet guestsWithStuckBits = new java.util.BitSet();

  @SuppressWarnings("unchecked")
  VmTransitions(HostSpec spec, PmuProgram[] programs, EmulatedPmu[] pmus, long seed, long cyclesPerTick) {
    this.spec = spec;
    this.programs = programs;
    this.pmus = pmus;
    this.throttle = PebsThrottle.DEFAULT;
    this.throttledBits = new long[pmus.length];
    this.throttledNow = new long[pmus.length];
    this.override = new List[pmus.length];
    this.usual = new List[pmus.length];
    this.raceRandom = new SplittableRandom(seed ^ RACE_STREAM);
    for (int p = 0; p < pmus.length; p++) {
      throttledBits[p] = spec.kernel().modelsThrottleRace() ? programs[p].throttledPebsBits(throttle, cyclesPerTick)
          : 0;
      usual[p] = List.copyOf(programs[p].vmEntryList(GUEST_HAS_VPMU));
    }
  }

  /** Tests only: the list KVM loads on {@code pcpu} from now on, in place of the kernel's. */
  void overrideList(int pcpu, List<SwitchMsr> list) {
    override[pcpu] = List.copyOf(list);
  }

  /** perf's host writes that arm the PMU at session start; the first one the CPU refuses, if any. */
  Optional<String> armHost(int p) {
    return write(p, programs[p].hostWrites(), "perf arming the PMU");
  }

  /** The tick at the start of a slice: perf unthrottles what it throttled during the last one. */
  Optional<String> tick(int p) {
    if (throttledNow[p] == 0) {
      return Optional.empty();
    }
    long bits = throttledNow[p];
    throttledNow[p] = 0;
    return write(p, programs[p].unthrottleWrites(bits), "perf unthrottling");
  }

  /** Whether the next {@link #tick} on {@code p} writes MSRs (perf unthrottles an event). */
  boolean tickWrites(int p) {
    return throttledNow[p] != 0;
  }

  /**
   * One guest slice on pCPU {@code p}: one round trip through the switch list, or, when the tick's throttle
   * lands in the window of round trip k, k round trips, the raced one (throttle between list and entry, stale
   * host values at exit) and the rest of the tick with whatever the later lists leave in place.
   */
  Optional<String> runGuest(int p, int guest, GuestAddressSpace space, Ring ring, long startNanos,
      SliceRun body) {
    long pebs = programs[p].pebsEnable();
    List<SwitchMsr> list = listFor(p, pebs);
    int k = racePossible(p, list) ? PebsThrottle.raceEntry(raceRandom) : -1;
    if (k < 0) {
      return roundTrip(p, guest, space, ring, list, () -> body.run(0, 1, 1));
    }
    // the round trips before the raced one share its list: one entry stands for them
    Optional<String> failed = k == 0 ? Optional.empty()
        : roundTrip(p, guest, space, ring, list, () -> body.run(0, k, ENTRIES));
    if (failed.isPresent()) {
      return failed;
    }
    // the NMI throttles the event after perf_guest_get_msrs() built `list` and before VMRESUME
    throttledNow[p] = throttledBits[p];
    failed = write(p, programs[p].throttleWrites(throttledBits[p]), "perf throttling in NMI context");
    if (failed.isEmpty()) {
      failed = roundTrip(p, guest, space, ring, list, () -> body.run(k, k + 1, ENTRIES));
    }
    staleExitLoads++;
    firstStaleExitNanos = firstStaleExitNanos < 0 ? startNanos : firstStaleExitNanos;
    long kernelView = pebs & ~throttledBits[p];
    if (failed.isPresent() || k + 1 == ENTRIES) {
      return failed;
    }
    // the later lists carry host = guest = 0 for the throttled bits: KVM leaves PEBS_ENABLE as it is
    List<SwitchMsr> after = listFor(p, kernelView);
    long[] stuck = new long[1];
    failed = roundTrip(p, guest, space, ring, after, () -> {
      stuck[0] = stuckBits(p, kernelView);
      body.run(k + 1, ENTRIES, ENTRIES);
    });
    if (stuck[0] != 0) {
      stuckGuestEntries += ENTRIES - 1 - k;
      guestsWithStuckBits.set(guest);
    }
    return failed;
  }

  /**
   * Whether a guest slice on {@code p} is one plain round trip through the kernel's usual switch list (no
   * test override, no throttle race possible) that writes no counter: the only guest slices whose effect
   * on the PMU can be told from its control registers alone.
   */
  boolean plainRoundTrip(int p) {
    if (override[p] != null) {
      return false;
    }
    List<SwitchMsr> list = usual[p];
    return !racePossible(p, list) && list.stream().noneMatch(m -> pmus[p].isCounter(m.msr()));
  }

  private Optional<String> roundTrip(int p, int guest, GuestAddressSpace space, Ring ring, List<SwitchMsr> list,
      Runnable inGuest) {
    VmEntryResult entered = pmus[p].enterGuestSwitching(guest, space, list, ring);
    if (entered instanceof VmEntryResult.Failed f) {
      return Optional.of(where(p) + "VM entry of guest " + guest + " failed loading "
          + (f.rejected() == null ? "-" : f.rejected()) + ": " + f.reason());
    }
    inGuest.run();
    return pmus[p].exitToHost().map(gp -> where(p) + "VM exit of guest " + guest + " failed loading host "
        + Msr.name(gp.msr()) + "=0x" + Long.toHexString(gp.attemptedValue()) + ": " + gp.reason());
  }

  /** PEBS_ENABLE bits the CPU holds that the kernel's cpuc->pebs_enabled does not: the stuck bits. */
  private long stuckBits(int p, long kernelView) {
    MsrResult r = pmus[p].rdmsr(Msr.IA32_PEBS_ENABLE);
    return r instanceof MsrResult.Value v ? v.value() & ~kernelView : 0;
  }

  private boolean racePossible(int p, List<SwitchMsr> list) {
    return throttledBits[p] != 0 && list.stream()
        .anyMatch(m -> m.msr() == Msr.IA32_PEBS_ENABLE && m.switched() && (m.host() & throttledBits[p]) != 0);
  }

  private List<SwitchMsr> listFor(int p, long pebsView) {
    if (override[p] != null) {
      return override[p];
    }
    return pebsView == programs[p].pebsEnable() ? usual[p] : programs[p].vmEntryList(pebsView, GUEST_HAS_VPMU);
  }

  private Optional<String> write(int p, List<MsrWrite> writes, String who) {
    for (MsrWrite w : writes) {
      if (pmus[p].wrmsr(w.msr(), w.value()) instanceof MsrResult.GeneralProtection gp) {
        return Optional.of(where(p) + who + ": " + gp.reason());
      }
    }
    return Optional.empty();
  }

  private String where(int p) {
    return "pCPU " + p + " (" + spec.cpu().id() + ", kernel " + spec.kernel().id() + "): ";
  }

  /** VM exits that loaded a stale host IA32_PEBS_ENABLE (the throttle struck inside the window). */
  long staleExitLoads() {
    return staleExitLoads;
  }

  /** VM entries that ran the guest with PEBS_ENABLE bits set that the kernel believed clear. */
  long stuckGuestEntries() {
    return stuckGuestEntries;
  }

  /** Host time of the first stale load's slice, -1 when none happened. */
  long firstStaleExitNanos() {
    return firstStaleExitNanos;
  }

  /** The guests that ran with stuck PEBS_ENABLE bits. */
  int guestsWithStuckBits() {
    return guestsWithStuckBits.cardinality();
  }
}
