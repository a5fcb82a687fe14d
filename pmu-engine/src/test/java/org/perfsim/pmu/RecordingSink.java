package org.perfsim.pmu;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A sink that keeps everything it is told, in order, for tests to read back. */
final class RecordingSink implements PmuSink {

  record Pmi(long nanos, int counterBit, PmiReason reason, int guestId) {}

  record Drop(long nanos, int counterBit, DropReason reason, int guestId, GuestPhysicalWrite.Kind kind) {}

  record Drain(byte[] bytes, long records, long firstNanos, long lastNanos) {}

  record Counted(long records, long pmis, long firstNanos, long lastNanos) {}

  final List<Pmi> pmis = new ArrayList<>();
  final List<Drop> drops = new ArrayList<>();
  final List<GuestPhysicalWrite> guestWrites = new ArrayList<>();
  final List<Drain> drains = new ArrayList<>();
  final List<Counted> counted = new ArrayList<>();

  @Override
  public void pmi(long simTimeNanos, int counterBit, PmiReason reason, int guestId) {
    pmis.add(new Pmi(simTimeNanos, counterBit, reason, guestId));
  }

  @Override
  public void guestWrite(GuestPhysicalWrite write) {
    guestWrites.add(write);
  }

  @Override
  public void assistWriteDropped(long simTimeNanos, int counterBit, DropReason reason, int guestId,
      GuestPhysicalWrite.Kind kind) {
    drops.add(new Drop(simTimeNanos, counterBit, reason, guestId, kind));
  }

  @Override
  public void hostRecordsDrained(ByteBuffer dsBuffer, int bytes, long records, long firstNanos,
      long lastNanos) {
    byte[] copy = new byte[bytes];
    dsBuffer.get(0, copy);
    drains.add(new Drain(copy, records, firstNanos, lastNanos));
  }

  @Override
  public void hostRecordsCounted(long records, long pmis, long firstNanos, long lastNanos) {
    counted.add(new Counted(records, pmis, firstNanos, lastNanos));
  }

  long pmis(PmiReason reason) {
    return pmis.stream().filter(p -> p.reason() == reason).count();
  }

  long drainedRecords() {
    return drains.stream().mapToLong(Drain::records).sum();
  }
}
