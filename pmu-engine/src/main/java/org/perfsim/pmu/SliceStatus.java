package org.perfsim.pmu;

/** Whether {@link EmulatedPmu#runSlice} emulated the slice (an enum, so the hot path allocates nothing). */
public enum SliceStatus {
  /** The slice ran; records, writes and PMIs went to the sink. */
  RAN,
  /** Negative cycles, instructions or duration, instructions without cycles, or no state: nothing changed. */
  INVALID_INPUT
}
