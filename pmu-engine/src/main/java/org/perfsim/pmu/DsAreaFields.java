package org.perfsim.pmu;

import java.util.Arrays;

/**
 * The 64-bit DS save area as the kernel fills it (8-byte fields, in this order in memory): BTS buffer
 * base, index, absolute maximum, interrupt threshold; PEBS buffer base, index, absolute maximum,
 * interrupt threshold; then one PEBS counter reset value per counter. Every address is a linear address.
 */
public record DsAreaFields(long btsBufferBase, long btsIndex, long btsAbsoluteMaximum,
    long btsInterruptThreshold, long pebsBufferBase, long pebsIndex, long pebsAbsoluteMaximum,
    long pebsInterruptThreshold, long[] pebsCounterReset) {

  /** Byte offset of the PEBS index field inside the DS area. */
  public static final int PEBS_INDEX_OFFSET = 5 * 8;
  /** Byte offset of the first PEBS counter reset value. */
  public static final int PEBS_COUNTER_RESET_OFFSET = 8 * 8;

  public DsAreaFields {
    pebsCounterReset = pebsCounterReset.clone();
  }

  @Override
  public long[] pebsCounterReset() {
    return pebsCounterReset.clone();
  }

  public DsAreaFields withPebsIndex(long index) {
    return new DsAreaFields(btsBufferBase, btsIndex, btsAbsoluteMaximum, btsInterruptThreshold,
        pebsBufferBase, index, pebsAbsoluteMaximum, pebsInterruptThreshold, pebsCounterReset);
  }

  /** Bytes of the area for {@code counters} reset slots. */
  public static int sizeBytes(int counters) {
    return PEBS_COUNTER_RESET_OFFSET + 8 * counters;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DsAreaFields d && btsBufferBase == d.btsBufferBase && btsIndex == d.btsIndex
        && btsAbsoluteMaximum == d.btsAbsoluteMaximum && btsInterruptThreshold == d.btsInterruptThreshold
        && pebsBufferBase == d.pebsBufferBase && pebsIndex == d.pebsIndex
        && pebsAbsoluteMaximum == d.pebsAbsoluteMaximum && pebsInterruptThreshold == d.pebsInterruptThreshold
        && Arrays.equals(pebsCounterReset, d.pebsCounterReset);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(pebsBufferBase) * 31 + Long.hashCode(pebsIndex) * 17 + Arrays.hashCode(pebsCounterReset);
  }
}
