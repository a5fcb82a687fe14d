package org.perfsim.kernel;

import java.util.SplittableRandom;

/**
 * perf's interrupt throttle, and the race the 2026 series "perf/x86: Don't write PEBS_ENABLED on KVM
 * transitions" (Sean Christopherson, v1 2026-04-14, v3 2026-05-08) names as its working theory: perf throttles
 * a PEBS event in NMI context (clearing its bit in cpuc->pebs_enabled and in IA32_PEBS_ENABLE) after KVM built
 * the VM-entry MSR list and before VM entry, so the VM-exit load puts the stale host PEBS_ENABLE back; the next
 * lists (host and guest values both 0) leave the MSR alone, and the bit stays set, in guest mode too, until
 * perf writes PEBS_ENABLE again (here: the unthrottle at the next tick). Jim Mattson described the same window
 * in 2021 (4b2f1e59229b, "If a PMI arrives between kvm's call to perf_guest_get_msrs() and the subsequent
 * VM-entry, a stale value for the IA32_PEBS_ENABLE MSR may be restored at the next VM-exit").
 *
 * <p>The throttle (kernel/events/core.c, __perf_event_account_interrupt): an event whose interrupts in one tick
 * reach max_samples_per_tick = DIV_ROUND_UP(perf_event_max_sample_rate, HZ) is stopped until the next tick.
 * perfsim's tick is its 1 ms slice (HZ 1000). Where the throttle's NMI falls in the tick, how many VM round
 * trips a vCPU makes per tick and how long the window is are perfsim's modelled numbers, not the sources':
 * the NMI falls at a uniformly drawn time of the tick; a busy vCPU makes {@link #VM_ENTRIES_PER_TICK} round
 * trips per tick; the window is {@link #RACE_WINDOW_NANOS} (the v3 cover letter measures a whole fastpath
 * round trip at about 860 to 1450 cycles on Emerald Rapids). Deterministic: every draw comes from the caller's
 * seeded random.
 *
 * @param maxSampleRate the host's /proc/sys/kernel/perf_event_max_sample_rate
 */
public record PebsThrottle(int maxSampleRate) {
  /** DEFAULT_MAX_SAMPLE_RATE, kernel/events/core.c. */
  public static final int DEFAULT_MAX_SAMPLE_RATE = 100_000;
  /** perfsim's tick: one scheduling slice. */
  public static final int HZ = 1000;
  public static final long TICK_NANOS = 1_000_000_000L / HZ;
  /** Modelled: the time between perf_guest_get_msrs() and VMLAUNCH/VMRESUME. */
  public static final long RACE_WINDOW_NANOS = 300;
  /** Modelled: VM exits and re-entries of a busy vCPU in one tick (timer, IPIs, I/O). */
  public static final int VM_ENTRIES_PER_TICK = 10;

  public static final PebsThrottle DEFAULT = new PebsThrottle(DEFAULT_MAX_SAMPLE_RATE);

  public PebsThrottle {
    if (maxSampleRate < 1) {
      throw new IllegalArgumentException("perf_event_max_sample_rate must be at least 1, got " + maxSampleRate);
    }
  }

  /** DIV_ROUND_UP(perf_event_max_sample_rate, HZ). */
  public int maxSamplesPerTick() {
    return (maxSampleRate + HZ - 1) / HZ;
  }

  /** An event overflowing every {@code periodCycles} reaches the limit in a tick of {@code cyclesPerTick}. */
  public boolean throttles(long periodCycles, long cyclesPerTick) {
    return periodCycles > 0 && cyclesPerTick / periodCycles >= maxSamplesPerTick();
  }

  /**
   * The round trip (0 to {@link #VM_ENTRIES_PER_TICK} - 1) of this tick in whose list-to-entry window the
   * tick's throttle NMI lands, or -1: the list of entry k is built at k * tick / entries and the entry follows
   * {@link #RACE_WINDOW_NANOS} later. Probability per tick: entries * window / tick.
   */
  public static int raceEntry(SplittableRandom random) {
    long at = random.nextLong(TICK_NANOS);
    long spacing = TICK_NANOS / VM_ENTRIES_PER_TICK;
    int k = (int) (at / spacing);
    return at - k * spacing < RACE_WINDOW_NANOS ? k : -1;
  }
}
