package org.perfsim.pmu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Writes PEBS records of one layout. The bytes that come from the architectural state are prepared once per
 * state in a template (a slice has one state), so writing a record is one bulk copy plus the per-record
 * fields (applicable counters and TSC): no allocation on the host path.
 */
public final class PebsRecordWriter {

  /** Little-endian u64 stores into a byte array, as the CPU writes record fields. */
  static final VarHandle LITTLE_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final CpuState.Gpr[] GPRS = CpuState.Gpr.values();
  private static final PebsRecordLayout.Field[] GPR_FIELDS = new PebsRecordLayout.Field[GPRS.length];

  static {
    for (CpuState.Gpr gpr : GPRS) {
      GPR_FIELDS[gpr.ordinal()] = PebsRecordLayout.Field.valueOf(gpr.name());
    }
  }

  private final PebsRecordLayout layout;
  private final byte[] template;
  private final ByteBuffer templateView;
  private final int statusOffset;
  private final int tscOffset;
  private CpuState preparedFor;

  public PebsRecordWriter(PebsRecordLayout layout) {
    this.layout = layout;
    this.template = new byte[layout.size()];
    this.templateView = ByteBuffer.wrap(template).order(ByteOrder.LITTLE_ENDIAN);
    int status = layout.offsetOf(PebsRecordLayout.Field.STATUS);
    this.statusOffset = status >= 0 ? status : layout.offsetOf(PebsRecordLayout.Field.APPLICABLE_COUNTERS);
    this.tscOffset = layout.offsetOf(PebsRecordLayout.Field.TSC);
    putIfPresent(PebsRecordLayout.Field.FORMAT_SIZE, layout.formatSize());
  }

  public PebsRecordLayout layout() {
    return layout;
  }

  public int recordBytes() {
    return template.length;
  }

  /**
   * Writes one record at {@code offset} of {@code dst} (little-endian).
   *
   * @param applicableCounters the overflowed PEBS counters' bits (fmt1+ status, adaptive applicable_counters)
   * @param tsc the time-stamp counter at the record (fmt3 and adaptive)
   */
  public void write(ByteBuffer dst, int offset, CpuState state, long applicableCounters, long tsc) {
    if (dst.hasArray() && dst.order() == ByteOrder.LITTLE_ENDIAN) {
      Objects.checkFromIndexSize(offset, template.length, dst.limit());
      write(dst.array(), dst.arrayOffset() + offset, state, applicableCounters, tsc);
      return;
    }
    prepare(state);
    dst.put(offset, template, 0, template.length);
    if (statusOffset >= 0) {
      dst.putLong(offset + statusOffset, applicableCounters);
    }
    if (tscOffset >= 0) {
      dst.putLong(offset + tscOffset, tsc);
    }
  }

  /** {@link #write(ByteBuffer, int, CpuState, long, long)} into a byte array: a copy and two stores. */
  void write(byte[] memory, int offset, CpuState state, long applicableCounters, long tsc) {
    prepare(state);
    System.arraycopy(template, 0, memory, offset, template.length);
    if (statusOffset >= 0) {
      LITTLE_ENDIAN_LONG.set(memory, offset + statusOffset, applicableCounters);
    }
    if (tscOffset >= 0) {
      LITTLE_ENDIAN_LONG.set(memory, offset + tscOffset, tsc);
    }
  }

  /** True when records carry a TSC field (fmt3 and adaptive). */
  public boolean hasTsc() {
    return tscOffset >= 0;
  }

  /**
   * Prepares a run of records that differ only in their TSC: the state and the applicable counters go into
   * the template once, and {@link #writeRunRecord} then costs one copy and one store.
   */
  void beginRun(CpuState state, long applicableCounters) {
    prepare(state);
    if (statusOffset >= 0) {
      templateView.putLong(statusOffset, applicableCounters);
    }
  }

  /** The prepared record bytes of a run begun by {@link #beginRun} (read-only for the caller). */
  byte[] runTemplate() {
    return template;
  }

  /** Byte offset of the TSC field, or -1. */
  int tscOffset() {
    return tscOffset;
  }

  /** The record as a fresh array (the guest path, where writes are rare and leave the PMU). */
  public byte[] toBytes(CpuState state, long applicableCounters, long tsc) {
    byte[] out = new byte[template.length];
    write(out, 0, state, applicableCounters, tsc);
    return out;
  }

  private void prepare(CpuState state) {
    if (state == preparedFor) {
      return;
    }
    putIfPresent(PebsRecordLayout.Field.FLAGS, state.rflags());
    putIfPresent(PebsRecordLayout.Field.GPR_FLAGS, state.rflags());
    // Formats 0-3 are trap-like: ip is the next instruction; the adaptive basic ip is the eventing ip.
    putIfPresent(PebsRecordLayout.Field.IP, layout.format().adaptive() ? state.eventingIp() : state.nextIp());
    putIfPresent(PebsRecordLayout.Field.GPR_IP, state.nextIp());
    putIfPresent(PebsRecordLayout.Field.REAL_IP, state.eventingIp());
    for (CpuState.Gpr gpr : GPRS) {
      putIfPresent(GPR_FIELDS[gpr.ordinal()], state.gpr(gpr));
    }
    preparedFor = state;
  }

  private void putIfPresent(PebsRecordLayout.Field field, long value) {
    int at = layout.offsetOf(field);
    if (at >= 0) {
      templateView.putLong(at, value);
    }
  }
}
