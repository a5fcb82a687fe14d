package org.perfsim.pmu;

import java.nio.ByteBuffer;

/**
 * Where the PMU reports what a slice did, in simulated-time order. Every method takes primitives or enum
 * constants, so reporting allocates nothing on the host path; guest writes are objects (they are rare and
 * leave the PMU for the guest model).
 */
public interface PmuSink {

  /** {@code guestId} value meaning the host context. */
  int HOST = -1;

  /** A sink that ignores everything. */
  PmuSink NONE = new PmuSink() {};

  /** Why a PMI was raised. */
  enum PmiReason {
    /** A counter without PEBS overflowed with its interrupt enabled: a normal (non-precise) sample. */
    COUNTER_OVERFLOW,
    /** The PEBS index reached the DS area's interrupt threshold (GLOBAL_STATUS OvfBuffer). */
    PEBS_THRESHOLD
  }

  /** Why a PEBS assist write did not happen. */
  enum DropReason {
    /** The record would pass the DS area's PEBS absolute maximum: the hardware writes nothing. */
    BUFFER_FULL,
    /** The linear address is not present in the current context's page tables. */
    NOT_PRESENT
  }

  /**
   * A PMI at {@code simTimeNanos}.
   *
   * @param counterBit the counter's GLOBAL_CTRL bit (general i, fixed 32 + i)
   * @param guestId the guest that was running, or {@link #HOST}
   */
  default void pmi(long simTimeNanos, int counterBit, PmiReason reason, int guestId) {}

  /** A PEBS write that landed in a guest's memory. */
  default void guestWrite(GuestPhysicalWrite write) {}

  /** A PEBS assist write that did not happen; {@code kind} says which of its two writes. */
  default void assistWriteDropped(long simTimeNanos, int counterBit, DropReason reason, int guestId,
      GuestPhysicalWrite.Kind kind) {}

  /**
   * The host kernel drained its PEBS buffer (what its PMI handler does): the records are the first
   * {@code bytes} bytes of {@code dsBuffer} (little-endian; valid only during the call, do not modify).
   */
  default void hostRecordsDrained(ByteBuffer dsBuffer, int bytes, long records, long firstNanos,
      long lastNanos) {}

  /**
   * Host records the PMU counted in closed form instead of writing them: they would have been written and
   * drained within the slice (see {@link PmuOptions#materializeHostRecords()}) or, each on its own, within
   * the host parts of {@link EmulatedPmu#countHostSlice}.
   *
   * @param pmis the PMIs raised meanwhile that were not reported one by one through {@link #pmi} (threshold
   *     PMIs, and non-precise overflow PMIs when the slice skipped counts them too)
   */
  default void hostRecordsCounted(long records, long pmis, long firstNanos, long lastNanos) {}
}
