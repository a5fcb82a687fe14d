package org.perfsim.session;

/**
 * How a {@link RunningSession} plays its slices. Both give the same {@link SessionResult}, byte for byte
 * ({@code SteppingEquivalenceTest} checks it on random fleets, policies, seeds and commands).
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
  SKIP_QUIET_GUEST_SLICES
}
