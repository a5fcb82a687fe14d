package org.perfsim.pmu;

/**
 * Totals since the PMU was created.
 *
 * @param hostRecordsWritten host-context records written byte for byte into the DS buffer
 * @param hostRecordsCounted host-context records counted in closed form (never written)
 * @param hostRecordsDrained records the host kernel's drains reported
 * @param guestRecordWrites PEBS records that landed in guest memory
 * @param guestIndexWrites PEBS index updates that landed in guest memory
 * @param droppedBufferFull records not written because the index would pass the absolute maximum
 * @param droppedNotPresent guest-context writes dropped because the address was not present in the guest
 * @param pmis PMIs raised (threshold and non-precise overflow)
 * @param drains host drains (explicit and inline) that found at least one record
 */
public record PmuStats(long hostRecordsWritten, long hostRecordsCounted, long hostRecordsDrained,
    long guestRecordWrites, long guestIndexWrites, long droppedBufferFull, long droppedNotPresent, long pmis,
    long drains) {

  /** Host-context records the assist produced, written or counted. */
  public long hostRecords() {
    return hostRecordsWritten + hostRecordsCounted;
  }
}
