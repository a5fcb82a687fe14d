package org.perfsim.pmu;

/** The PMU's running totals: plain fields, bumped on the hot path. */
final class Tally {
  long hostRecordsWritten;
  long hostRecordsCounted;
  long hostRecordsDrained;
  long guestRecordWrites;
  long guestIndexWrites;
  long droppedBufferFull;
  long droppedNotPresent;
  long pmis;
  long drains;

  PmuStats snapshot() {
    return new PmuStats(hostRecordsWritten, hostRecordsCounted, hostRecordsDrained, guestRecordWrites,
        guestIndexWrites, droppedBufferFull, droppedNotPresent, pmis, drains);
  }
}
