package org.perfsim.pmu;

import java.util.ArrayList;
import java.util.List;

/**
 * The PEBS assist: on a PEBS-enabled counter's overflow, write a record at the DS area's PEBS index,
 * advance the index, and raise a PMI at the interrupt threshold. Every write goes to a linear address
 * translated by the current context: in host context into the host's preallocated buffer, in guest context
 * through the guest's page tables into guest memory.
 */
final class PebsAssist {

  private final PmuRegisters regs;
  private final DsArea ds;
  private final Tally tally;
  private final PmuOptions options;
  private final long tscMhz;
  private PebsRecordWriter basic;
  private PebsRecordWriter groups;
  /** Host records written byte for byte in the current slice. */
  long materialized;

  PebsAssist(PmuRegisters regs, DsArea ds, Tally tally, PmuOptions options) {
    this.regs = regs;
    this.ds = ds;
    this.tally = tally;
    this.options = options;
    this.tscMhz = options.tscMhz();
    refreshWriters();
  }

  /** Rebuilds the record layouts after MSR_PEBS_DATA_CFG changed (not on the hot path). */
  void refreshWriters() {
    if (!regs.hasPebs()) {
      return;
    }
    basic = new PebsRecordWriter(PebsRecordLayout.of(regs.format));
    groups = regs.adaptive() ? new PebsRecordWriter(PebsRecordLayout.adaptive(regs.pebsDataCfg)) : basic;
  }

  PebsRecordWriter writerFor(int slot) {
    return regs.adaptiveRecord(slot) ? groups : basic;
  }

  long tscMhz() {
    return tscMhz;
  }

  /** The time-stamp counter at simulated time {@code nanos}. */
  long tsc(long nanos) {
    return MulDiv.floor(nanos, tscMhz, 1000);
  }

  /** A record in host context. True when its threshold PMI was handled inline (the counter is re-armed). */
  boolean hostRecord(PebsRecordWriter writer, int bit, long nanos, CpuState state, PmuSink sink) {
    int size = writer.recordBytes();
    if (!ds.activeFor(regs.dsArea) || !ds.fits(ds.hostIndexOff, size)) {
      tally.droppedBufferFull++;
      sink.assistWriteDropped(nanos, bit, PmuSink.DropReason.BUFFER_FULL, PmuSink.HOST,
          GuestPhysicalWrite.Kind.RECORD);
      return false;
    }
    writer.write(ds.buffer().array(), (int) ds.hostIndexOff, state, 1L << bit, tsc(nanos));
    ds.hostRecordWritten(size, nanos);
    tally.hostRecordsWritten++;
    materialized++;
    return ds.hostIndexOff >= ds.thresholdOff && thresholdPmi(bit, nanos, PmuSink.HOST, sink);
  }

  /** A record in guest context: both writes leave as guest-physical writes, or are dropped. */
  boolean guestRecord(PebsRecordWriter writer, int bit, long nanos, CpuState state, int guestId,
      AddressSpace space, PmuSink sink) {
    int size = writer.recordBytes();
    if (!ds.activeFor(regs.dsArea) || !ds.fits(ds.guestIndexOff, size)) {
      tally.droppedBufferFull++;
      sink.assistWriteDropped(nanos, bit, PmuSink.DropReason.BUFFER_FULL, guestId,
          GuestPhysicalWrite.Kind.RECORD);
      return false;
    }
    long recordLinear = ds.base + ds.guestIndexOff;
    ds.guestIndexOff += size;
    byte[] record = writer.toBytes(state, 1L << bit, tsc(nanos));
    byte[] index = new byte[Long.BYTES];
    PebsRecordWriter.LITTLE_ENDIAN_LONG.set(index, 0, ds.base + ds.guestIndexOff);
    emit(guestId, record, nanos, GuestPhysicalWrite.Kind.RECORD, recordLinear, space, bit, sink);
    emit(guestId, index, nanos, GuestPhysicalWrite.Kind.DS_INDEX, ds.linear + DsAreaFields.PEBS_INDEX_OFFSET,
        space, bit, sink);
    return ds.guestIndexOff >= ds.thresholdOff && thresholdPmi(bit, nanos, guestId, sink);
  }

  /**
   * Translates a write page by page. One page not present drops the whole write (perfsim's choice: a real
   * CPU would take a fault inside the assist that no guest handler expects); physically contiguous pages
   * come out as one write.
   */
  private void emit(int guestId, byte[] bytes, long nanos, GuestPhysicalWrite.Kind kind, long linear,
      AddressSpace space, int bit, PmuSink sink) {
    List<long[]> runs = new ArrayList<>(2); // {offset in bytes, guest-physical address, length}
    long expected = AddressSpace.NOT_PRESENT;
    for (int done = 0; done < bytes.length; ) {
      long at = linear + done;
      int chunk = (int) Math.min(bytes.length - done, AddressSpace.PAGE_SIZE - Math.floorMod(at,
          AddressSpace.PAGE_SIZE));
      long gpa = space.translate(at);
      if (gpa == AddressSpace.NOT_PRESENT) {
        tally.droppedNotPresent++;
        sink.assistWriteDropped(nanos, bit, PmuSink.DropReason.NOT_PRESENT, guestId, kind);
        return;
      }
      if (gpa == expected) {
        runs.get(runs.size() - 1)[2] += chunk;
      } else {
        runs.add(new long[] {done, gpa, chunk});
      }
      expected = gpa + chunk;
      done += chunk;
    }
    for (long[] run : runs) {
      byte[] part = runs.size() == 1 ? bytes // one run is the whole write
          : java.util.Arrays.copyOfRange(bytes, (int) run[0], (int) (run[0] + run[2]));
      sink.guestWrite(new GuestPhysicalWrite(guestId, run[1], part, nanos, kind));
    }
    if (kind == GuestPhysicalWrite.Kind.RECORD) {
      tally.guestRecordWrites++;
    } else {
      tally.guestIndexWrites++;
    }
  }

  /**
   * The index reached the threshold: OvfBuffer and a PMI. perf's handler, when run inline, drains the host
   * buffer (host memory: guest-context records are not there) and acks the PEBS status bits.
   */
  private boolean thresholdPmi(int bit, long nanos, int guestId, PmuSink sink) {
    regs.globalStatus |= Msr.GLOBAL_STATUS_OVF_BUFFER;
    tally.pmis++;
    sink.pmi(nanos, bit, PmuSink.PmiReason.PEBS_THRESHOLD, guestId);
    if (!options.inlineHandler()) {
      return false;
    }
    ds.drain(sink, tally);
    regs.globalStatus &= ~(regs.pebsEnable | Msr.GLOBAL_STATUS_OVF_BUFFER);
    return true;
  }
}
