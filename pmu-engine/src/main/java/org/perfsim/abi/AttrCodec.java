package org.perfsim.abi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * The one encoder and decoder of struct perf_event_attr bytes (x86-64, little-endian). Field offsets
 * follow include/uapi/linux/perf_event.h; a version's size cuts the struct after its last field.
 */
public final class AttrCodec {
  /** Bytes of the newest layout perfsim knows (VER8). */
  public static final int KNOWN_SIZE = AttrSize.latest().bytes();

  private AttrCodec() {}

  /** Exactly {@code attr.effectiveSize()} bytes: the struct cut at, or zero-padded to, the claimed size. */
  public static byte[] encode(PerfEventAttr attr) {
    return encode(attr, attr.effectiveSize());
  }

  /** The struct written as {@code length} bytes (the size field is written as the attr holds it). */
  public static byte[] encode(PerfEventAttr attr, int length) {
    ByteBuffer b = ByteBuffer.allocate(Math.max(length, KNOWN_SIZE)).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0, attr.type());
    b.putInt(4, attr.size());
    b.putLong(8, attr.config());
    b.putLong(16, attr.samplePeriodOrFreq());
    b.putLong(24, attr.sampleType());
    b.putLong(32, attr.readFormat());
    b.putLong(40, attr.flags());
    b.putInt(48, attr.wakeupEventsOrWatermark());
    b.putInt(52, attr.bpType());
    b.putLong(56, attr.config1());
    b.putLong(64, attr.config2());
    b.putLong(72, attr.branchSampleType());
    b.putLong(80, attr.sampleRegsUser());
    b.putInt(88, attr.sampleStackUser());
    b.putInt(92, attr.clockid());
    b.putLong(96, attr.sampleRegsIntr());
    b.putInt(104, attr.auxWatermark());
    b.putShort(108, attr.sampleMaxStack());
    b.putShort(110, attr.reserved2());
    b.putInt(112, attr.auxSampleSize());
    b.putInt(116, attr.reserved3());
    b.putLong(120, attr.sigData());
    b.putLong(128, attr.config3());
    byte[] out = new byte[length];
    System.arraycopy(b.array(), 0, out, 0, length);
    return out;
  }

  /**
   * Reads the first {@code length} bytes as the struct; fields past them read as zero, as the kernel's
   * zero-extension of a short struct does. Bytes past {@link #KNOWN_SIZE} are ignored here; whether they
   * are acceptable is the kernel's copy rule ({@link AttrCopy}).
   */
  public static PerfEventAttr decode(byte[] bytes, int length) {
    if (length < 0 || length > bytes.length) {
      throw new IllegalArgumentException("length " + length + " outside buffer of " + bytes.length);
    }
    byte[] known = new byte[KNOWN_SIZE];
    System.arraycopy(bytes, 0, known, 0, Math.min(length, KNOWN_SIZE));
    ByteBuffer b = ByteBuffer.wrap(known).order(ByteOrder.LITTLE_ENDIAN);
    return new PerfEventAttr(
        b.getInt(0), b.getInt(4), b.getLong(8), b.getLong(16), b.getLong(24), b.getLong(32),
        b.getLong(40), b.getInt(48), b.getInt(52), b.getLong(56), b.getLong(64), b.getLong(72),
        b.getLong(80), b.getInt(88), b.getInt(92), b.getLong(96), b.getInt(104), b.getShort(108),
        b.getShort(110), b.getInt(112), b.getInt(116), b.getLong(120), b.getLong(128));
  }

  /** Lowercase hex, no separators: the form `perfsim attr --json` prints under "bytes". */
  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  public static byte[] fromHex(String hex) {
    return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
  }
}
