package org.perfsim.pmu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;

/**
 * The DS save area as the PMU sees it. The management fields' values are the host kernel's (perfsim's
 * simplification: a real CPU in guest context would read them through the guest's page tables and get guest
 * data). The host's PEBS buffer is backed by one preallocated buffer. The PEBS index exists twice: the
 * host's, in host memory, which host-context records advance and drains reset; and the index the assist
 * writes into guest memory while a guest runs, which starts from the host's value at each VM entry and
 * which the host never drains (its drain reads host memory).
 */
final class DsArea {

  /** Perfsim backs at most this much host PEBS buffer per CPU (the kernel used 64 KiB). */
  static final long MAX_BUFFER_BYTES = 64L << 20;

  private final HostAddressSpace host;
  private DsAreaFields fields;
  long linear;
  long base;
  private long[] reset = new long[0];
  long maxOff;
  long thresholdOff;
  long hostIndexOff;
  long guestIndexOff;
  /** The host's PEBS buffer, allocated at its first record: a session whose records are all counted needs none. */
  private ByteBuffer buffer = ByteBuffer.allocate(0);
  private int bufferBytes;
  private long bufferedRecords;
  private long firstNanos;
  private long lastNanos;

  DsArea(HostAddressSpace host) {
    this.host = host;
  }

  DsAreaResult fill(long dsLinear, DsAreaFields f) {
    long bytes = f.pebsAbsoluteMaximum() - f.pebsBufferBase();
    if (bytes < 0 || bytes > MAX_BUFFER_BYTES) {
      return new DsAreaResult.Rejected(String.format(
          "PEBS buffer of %d bytes (base 0x%x, absolute maximum 0x%x): perfsim backs 0 to %d bytes", bytes,
          f.pebsBufferBase(), f.pebsAbsoluteMaximum(), MAX_BUFFER_BYTES));
    }
    if (!inHostMemory(dsLinear, DsAreaFields.sizeBytes(f.pebsCounterReset().length))
        || !inHostMemory(f.pebsBufferBase(), bytes)) {
      return new DsAreaResult.Rejected(String.format(
          "DS area 0x%x or PEBS buffer 0x%x is not in the host's direct map", dsLinear, f.pebsBufferBase()));
    }
    fields = f;
    linear = dsLinear;
    base = f.pebsBufferBase();
    maxOff = bytes;
    thresholdOff = f.pebsInterruptThreshold() - base;
    hostIndexOff = f.pebsIndex() - base;
    guestIndexOff = hostIndexOff;
    reset = f.pebsCounterReset();
    if (buffer.capacity() != bytes) {
      buffer = ByteBuffer.allocate(0); // a buffer of another size starts zeroed, as before
    }
    bufferBytes = (int) bytes;
    bufferedRecords = 0;
    return new DsAreaResult.Filled(dsLinear, (int) bytes);
  }

  /** The backing buffer of the host's PEBS buffer (its first use allocates it). */
  ByteBuffer buffer() {
    if (buffer.capacity() != bufferBytes) {
      buffer = ByteBuffer.allocate(bufferBytes).order(ByteOrder.LITTLE_ENDIAN);
    }
    return buffer;
  }

  private boolean inHostMemory(long linearStart, long bytes) {
    return host.translate(linearStart) != AddressSpace.NOT_PRESENT
        && (bytes == 0 || host.translate(linearStart + bytes - 1) != AddressSpace.NOT_PRESENT);
  }

  /** The PEBS assist finds this area: it was filled and IA32_DS_AREA points at it. */
  boolean activeFor(long dsAreaMsr) {
    return fields != null && dsAreaMsr == linear;
  }

  /** The PEBS counter reset value for the counter with GLOBAL_CTRL bit {@code bit}. */
  long resetFor(int bit) {
    return bit < reset.length ? reset[bit] : 0;
  }

  /** A record of {@code size} bytes fits before the absolute maximum at index offset {@code indexOff}. */
  boolean fits(long indexOff, int size) {
    return indexOff >= 0 && indexOff + size <= maxOff;
  }

  /** Records between drains in steady state, or 0 when records would hit the absolute maximum first. */
  long recordsPerDrain(int size) {
    long n = thresholdOff <= 0 ? 1 : (thresholdOff + size - 1) / size;
    return n * size <= maxOff ? n : 0;
  }

  void hostRecordWritten(int size, long nanos) {
    if (bufferedRecords == 0) {
      firstNanos = nanos;
    }
    lastNanos = nanos;
    bufferedRecords++;
    hostIndexOff += size;
  }

  /** A run of {@code count} records written back to back from the host index. */
  void hostRunWritten(long count, int size, long firstRecordNanos, long lastRecordNanos) {
    if (bufferedRecords == 0) {
      firstNanos = firstRecordNanos;
    }
    lastNanos = lastRecordNanos;
    bufferedRecords += count;
    hostIndexOff += count * size;
  }

  /** Records that fit from the host index and leave it below the interrupt threshold. */
  long hostRecordsBeforeThreshold(int size) {
    if (hostIndexOff < 0) {
      return 0;
    }
    long fit = (maxOff - hostIndexOff) / size;
    long below = thresholdOff - hostIndexOff <= 0 ? 0 : (thresholdOff - hostIndexOff - 1) / size;
    return Math.max(0, Math.min(fit, below));
  }

  /** The host kernel's drain: report what lies between base and index, then reset the index to base. */
  long drain(PmuSink sink, Tally tally) {
    long records = bufferedRecords;
    if (records > 0) {
      int bytes = (int) Math.max(0, Math.min(hostIndexOff, maxOff));
      tally.drains++;
      tally.hostRecordsDrained += records;
      sink.hostRecordsDrained(buffer(), bytes, records, firstNanos, lastNanos);
    }
    hostIndexOff = 0;
    bufferedRecords = 0;
    return records;
  }

  /** The fields as the host kernel would read them from its own memory now, if it filled them. */
  Optional<DsAreaFields> hostFields() {
    return Optional.ofNullable(fields).map(f -> f.withPebsIndex(base + hostIndexOff));
  }

  /** Bytes between base and the host index (what a drain would read). */
  byte[] hostRecordBytes() {
    int bytes = (int) Math.max(0, Math.min(hostIndexOff, maxOff));
    return Arrays.copyOf(buffer().array(), bytes);
  }
}
