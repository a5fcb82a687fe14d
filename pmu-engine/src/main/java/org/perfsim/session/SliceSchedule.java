package org.perfsim.session;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.perfsim.pmu.PmuSink;

/**
 * Which context runs on each pCPU in each slice, and where its kernel-mode window lies. Everything a real
 * host leaves to chance comes from the session's seed, so two hosts with different seeds do not run in
 * lockstep: per pCPU, which slice of every {@link #HOST_SLICE_EVERY} the host's own tasks take and where the
 * round robin over the pinned vCPUs starts (drawn once); per slice, whether a vCPU is busy (its busy
 * share), how long its kernel-mode window is (around its share) and where in the slice it begins (a
 * uniform phase, so samples split between user and kernel mode by the share, not by how the sampling
 * period lines up with the slice).
 */
final class SliceSchedule {
  /** Every fourth slice of each pCPU belongs to host tasks, however busy the guests are. */
  static final int HOST_SLICE_EVERY = 4;

  private final int[][] vcpus;
  /** Each guest's busy share, by guest id (read every slice). */
  private final double[] busyShare;
  private final int[] hostPhase;
  private final int[] rotation;

  /** Guest vCPUs pinned to each pCPU: vCPU k (counted over all guests) runs on pCPU k mod pcpus. */
  SliceSchedule(HostSpec spec, SplittableRandom seed) {
    int pcpus = spec.pcpus();
    List<List<Integer>> pinned = new ArrayList<>();
    for (int p = 0; p < pcpus; p++) {
      pinned.add(new ArrayList<>());
    }
    int k = 0;
    for (GuestSpec g : spec.guests()) {
      for (int v = 0; v < g.vcpus(); v++) {
        pinned.get(k++ % pcpus).add(g.id());
      }
    }
    busyShare = spec.guests().stream().mapToDouble(GuestSpec::busyShare).toArray();
    vcpus = new int[pcpus][];
    hostPhase = new int[pcpus];
    rotation = new int[pcpus];
    for (int p = 0; p < pcpus; p++) {
      vcpus[p] = pinned.get(p).stream().mapToInt(Integer::intValue).toArray();
      hostPhase[p] = seed.nextInt(HOST_SLICE_EVERY);
      rotation[p] = vcpus[p].length == 0 ? 0 : seed.nextInt(vcpus[p].length);
    }
  }

  /**
   * The context of pCPU {@code p} in slice {@code slice}: {@link PmuSink#HOST}, or the first busy, runnable
   * vCPU of the round robin (a vCPU is busy this slice with its guest's busy share).
   */
  int pick(int p, long slice, SplittableRandom random, boolean[] runnable) {
    if ((slice + hostPhase[p]) % HOST_SLICE_EVERY == 0) {
      return PmuSink.HOST; // the host's own tasks (perf itself, its workload, kernel threads) get their share
    }
    int[] candidates = vcpus[p];
    int n = candidates.length;
    int at = n == 0 ? 0 : (int) ((slice + rotation[p]) % n);
    for (int i = 0; i < n; i++, at = at + 1 == n ? 0 : at + 1) {
      int guest = candidates[at];
      boolean busy = random.nextDouble() < busyShare[guest];
      if (busy && runnable[guest]) {
        return guest;
      }
    }
    return PmuSink.HOST;
  }

  /**
   * How much of this slice the context spends in kernel mode: uniform around the share's mean
   * ({@code kernelShare} of the slice) within the slice, so the share holds on average while the user-mode
   * cycles of successive slices differ. Without that, a sampling period that divides the schedule (750 000
   * cycles into 3 ms slices) would hit the same spot of every round of slices, and an event counting user
   * mode of host and guests alike would give its samples to one context only.
   */
  static long kernelNanos(double kernelShare, long sliceNanos, SplittableRandom random) {
    long mean = Math.round(kernelShare * sliceNanos);
    long lo = Math.max(0, 2 * mean - sliceNanos);
    long hi = Math.min(sliceNanos, 2 * mean);
    return lo == hi ? mean : lo + random.nextLong(hi - lo + 1);
  }

  /**
   * Where the kernel-mode window of {@code kernelNanos} begins in a slice of {@code sliceNanos}: uniform,
   * and no draw when one mode fills the whole slice.
   */
  static long kernelPhase(long kernelNanos, long sliceNanos, SplittableRandom random) {
    return kernelNanos == 0 || kernelNanos == sliceNanos ? 0 : random.nextLong(sliceNanos);
  }
}
