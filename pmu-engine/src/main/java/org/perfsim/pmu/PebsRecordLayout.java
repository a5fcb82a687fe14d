package org.perfsim.pmu;

import java.util.Arrays;
import org.perfsim.cpu.PebsFormat;

/**
 * Where each u64 field of a PEBS record sits, per format (arch/x86/events/intel/ds.c). Formats 0-3 are
 * fixed structs; the adaptive format is the basic group followed, in this order, by the memory-info, GPR,
 * XMM and LBR groups that PEBS_DATA_CFG selects ("the record for MEMINFO is in front of GP").
 */
public final class PebsRecordLayout {

  /** The u64 fields a record can hold. GPRs share names with {@link CpuState.Gpr}. */
  public enum Field {
    FLAGS, IP, AX, BX, CX, DX, SI, DI, BP, SP, R8, R9, R10, R11, R12, R13, R14, R15,
    STATUS, DLA, DSE, LAT, REAL_IP, TSX_TUNING, TSC,
    FORMAT_SIZE, APPLICABLE_COUNTERS,
    MEM_ADDRESS, MEM_AUX, MEM_LATENCY, MEM_TSX_TUNING,
    GPR_FLAGS, GPR_IP,
    /** First byte of the 256-byte XMM group. */
    XMM,
    /** First byte of the LBR entries (from, to, info; 24 bytes each). */
    LBR
  }

  private static final Field[] CORE = {Field.FLAGS, Field.IP, Field.AX, Field.BX, Field.CX, Field.DX,
      Field.SI, Field.DI, Field.BP, Field.SP, Field.R8, Field.R9, Field.R10, Field.R11, Field.R12,
      Field.R13, Field.R14, Field.R15};
  private static final Field[] NHM_TAIL = {Field.STATUS, Field.DLA, Field.DSE, Field.LAT};
  private static final Field[] HSW_TAIL = {Field.REAL_IP, Field.TSX_TUNING};
  private static final Field[] SKL_TAIL = {Field.TSC};
  private static final Field[] BASIC = {Field.FORMAT_SIZE, Field.IP, Field.APPLICABLE_COUNTERS, Field.TSC};
  private static final Field[] MEMINFO = {Field.MEM_ADDRESS, Field.MEM_AUX, Field.MEM_LATENCY,
      Field.MEM_TSX_TUNING};
  /** The adaptive GPR group's own order: ax, cx, dx, bx, sp, bp, si, di (unlike pebs_record_core). */
  private static final Field[] GPRS = {Field.GPR_FLAGS, Field.GPR_IP, Field.AX, Field.CX, Field.DX,
      Field.BX, Field.SP, Field.BP, Field.SI, Field.DI, Field.R8, Field.R9, Field.R10, Field.R11,
      Field.R12, Field.R13, Field.R14, Field.R15};

  private final PebsFormat format;
  private final long dataCfg;
  private final int[] offsets = new int[Field.values().length];
  private final int size;

  private PebsRecordLayout(PebsFormat format, long dataCfg) {
    this.format = format;
    this.dataCfg = dataCfg;
    Arrays.fill(offsets, -1);
    this.size = format.adaptive() ? placeAdaptive(dataCfg) : placeFixed(format);
  }

  /** The layout of a fixed-format record (formats 0-3), or an adaptive record with only the basic group. */
  public static PebsRecordLayout of(PebsFormat format) {
    return new PebsRecordLayout(format, 0);
  }

  /** An adaptive record carrying the groups {@code dataCfg} (MSR_PEBS_DATA_CFG) selects. */
  public static PebsRecordLayout adaptive(long dataCfg) {
    return new PebsRecordLayout(PebsFormat.FMT4_ADAPTIVE, dataCfg);
  }

  /** Bytes of the adaptive record {@code dataCfg} selects, as the kernel computes it. */
  public static int adaptiveRecordBytes(long dataCfg) {
    return adaptive(dataCfg).size();
  }

  private int placeFixed(PebsFormat f) {
    int at = place(CORE, 0);
    if (f.number() >= 1) {
      at = place(NHM_TAIL, at);
    }
    if (f.number() >= 2) {
      at = place(HSW_TAIL, at);
    }
    if (f.number() >= 3) {
      at = place(SKL_TAIL, at);
    }
    return at;
  }

  private int placeAdaptive(long cfg) {
    int at = place(BASIC, 0);
    if ((cfg & Msr.PEBS_DATACFG_MEMINFO) != 0) {
      at = place(MEMINFO, at);
    }
    if ((cfg & Msr.PEBS_DATACFG_GP) != 0) {
      at = place(GPRS, at);
    }
    if ((cfg & Msr.PEBS_DATACFG_XMMS) != 0) {
      offsets[Field.XMM.ordinal()] = at;
      at += PebsFormat.ADAPTIVE_XMM_BYTES;
    }
    if ((cfg & Msr.PEBS_DATACFG_LBRS) != 0) {
      offsets[Field.LBR.ordinal()] = at;
      at += lbrEntries(cfg) * PebsFormat.ADAPTIVE_LBR_ENTRY_BYTES;
    }
    return at;
  }

  private int place(Field[] fields, int at) {
    for (Field f : fields) {
      offsets[f.ordinal()] = at;
      at += Long.BYTES;
    }
    return at;
  }

  /** LBR entries an adaptive record holds: PEBS_DATA_CFG bits 24-31, plus one. */
  public static int lbrEntries(long dataCfg) {
    return (int) ((dataCfg >>> Msr.PEBS_DATACFG_LBR_SHIFT) & 0xff) + 1;
  }

  public PebsFormat format() {
    return format;
  }

  /** The PEBS_DATA_CFG value the record was laid out for (0 for formats 0-3 and basic-only records). */
  public long dataCfg() {
    return dataCfg;
  }

  /** Record size in bytes. */
  public int size() {
    return size;
  }

  public boolean has(Field field) {
    return offsets[field.ordinal()] >= 0;
  }

  /** Byte offset of {@code field} in the record, or -1 when this layout has no such field. */
  public int offsetOf(Field field) {
    return offsets[field.ordinal()];
  }

  /** The adaptive basic group's format_size: record size in bits 48-63, the data-cfg groups below. */
  public long formatSize() {
    return ((long) size << 48) | (dataCfg & ((1L << 48) - 1));
  }

  @Override
  public String toString() {
    return format + (format.adaptive() ? String.format("(cfg 0x%x)", dataCfg) : "") + " " + size + " B";
  }
}
