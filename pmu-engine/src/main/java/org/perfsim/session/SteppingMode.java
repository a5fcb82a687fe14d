package org.perfsim.session;

/**
 * How a {@link RunningSession} plays its slices. All give the same {@link SessionResult}, byte for byte, and
 * the same perf.data file ({@code SteppingEquivalenceTest} checks it on random fleets, policies, seeds and
 * commands); each mode does what the one before it does and more.
 */
public enum SteppingMode {
  /** Every slice of every pCPU runs through the emulated PMU: VM entry, the slice's parts, VM exit. The reference. */
  SLICED,
  /**
   * A guest slice that provably changes nothing is skipped: once a plain round trip into a guest on a pCPU
   * left every register as it was and no counter counted in guest context, later guest slices on that pCPU
   * under the same control registers only draw the random numbers the sliced loop would draw. Under the
   * policies that clear PEBS and host-only events at VM entry this is most guest time.
   */
  SKIP_QUIET_GUEST_SLICES,
  /**
   * As {@link #SKIP_QUIET_GUEST_SLICES}, and host slices are counted in closed form
   * ({@link org.perfsim.pmu.EmulatedPmu#countHostSlice}) when their counters' overflows are independent of
   * each other (perf's handler drains every PEBS record on its own): one division per part and counter
   * instead of a record written, a PMI and a drain per sample, and one call for a pCPU's host slices until
   * its PMU is next used otherwise (their random draws are taken in order as they come). The host slices of
   * every session, and all of a pCPU's slices once its guests are down.
   */
  COUNT_HOST_SLICES;

  /** What sessions use unless a test or benchmark asks for another mode. */
  public static final SteppingMode DEFAULT = COUNT_HOST_SLICES;

  /** Whether quiet guest slices only take their random draws. */
  boolean skipsQuietGuestSlices() {
    return this != SLICED;
  }

  /** Whether host-context parts are counted in closed form where that is exact. */
  boolean countsHostSlices() {
    return this == COUNT_HOST_SLICES;
  }
}
