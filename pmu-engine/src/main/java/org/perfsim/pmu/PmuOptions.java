package org.perfsim.pmu;

import java.util.Objects;

/**
 * How an {@link EmulatedPmu} is run.
 *
 * @param tscMhz the TSC frequency: a record's tsc is its simulated time times this
 * @param pmiHandling whether the host kernel's PMI handler runs inside a slice, at each PMI's time
 * @param materializeHostRecords per slice, how many host-context records are written byte for byte before
 *     counting in closed form may start (it starts at the next drain, and only with
 *     {@link PmiHandling#INLINE_PERF_HANDLER}: the records it counts are those written and drained within
 *     the slice). Records still in the DS buffer when the slice ends are always written, guest-context
 *     records always. {@link Long#MAX_VALUE} writes everything.
 */
public record PmuOptions(long tscMhz, PmiHandling pmiHandling, long materializeHostRecords) {

  /** Who reacts to a PMI within a batched slice. */
  public enum PmiHandling {
    /**
     * Nothing: the PMU reports the PMI and the hardware state stays as the hardware left it (overflowed
     * counters wrap, the PEBS index keeps growing). For studying the hardware.
     */
    HARDWARE_ONLY,
    /**
     * perf's handler, applied at the PMI's simulated time because a slice is batched: it drains the host's
     * DS buffer (index back to base), re-arms the counter that raised the PMI to the value software last
     * wrote to it (its period), and clears the status bits it handled.
     */
    INLINE_PERF_HANDLER
  }

  public PmuOptions {
    Objects.requireNonNull(pmiHandling, "pmiHandling");
    if (tscMhz <= 0 || materializeHostRecords < 0) {
      throw new IllegalArgumentException("tscMhz must be > 0 and materializeHostRecords >= 0, got "
          + tscMhz + ", " + materializeHostRecords);
    }
  }

  /** Hardware only, every record materialized. */
  public static PmuOptions hardwareOnly(long tscMhz) {
    return new PmuOptions(tscMhz, PmiHandling.HARDWARE_ONLY, Long.MAX_VALUE);
  }

  /** perf's PMI handler inline; host records beyond {@code materializeHostRecords} per slice are counted. */
  public static PmuOptions perfHandler(long tscMhz, long materializeHostRecords) {
    return new PmuOptions(tscMhz, PmiHandling.INLINE_PERF_HANDLER, materializeHostRecords);
  }

  boolean inlineHandler() {
    return pmiHandling == PmiHandling.INLINE_PERF_HANDLER;
  }
}
