package org.perfsim.abi;

/**
 * One struct perf_event_attr, every field of the latest layout (VER8), as the kernel header names them.
 * Unsigned C fields are held in Java's signed types of the same width; {@link #flags()} is the raw u64
 * bitfield at offset 40, read through {@link #has(AttrFlag)} and {@link #preciseIp()}.
 *
 * <p>{@code size} is what the caller claims to send; {@link AttrCodec} writes exactly that many bytes.
 */
public record PerfEventAttr(
    int type,
    int size,
    long config,
    long samplePeriodOrFreq,
    long sampleType,
    long readFormat,
    long flags,
    int wakeupEventsOrWatermark,
    int bpType,
    long config1,
    long config2,
    long branchSampleType,
    long sampleRegsUser,
    int sampleStackUser,
    int clockid,
    long sampleRegsIntr,
    int auxWatermark,
    short sampleMaxStack,
    short reserved2,
    int auxSampleSize,
    int reserved3,
    long sigData,
    long config3) {

  /** perf_type_id values. */
  public static final int TYPE_HARDWARE = 0;
  public static final int TYPE_SOFTWARE = 1;
  public static final int TYPE_TRACEPOINT = 2;
  public static final int TYPE_HW_CACHE = 3;
  public static final int TYPE_RAW = 4;
  public static final int TYPE_BREAKPOINT = 5;

  public boolean has(AttrFlag flag) {
    return (flags & flag.mask()) != 0;
  }

  public int preciseIp() {
    return (int) ((flags & AttrFlag.PRECISE_IP_MASK) >>> AttrFlag.PRECISE_IP_SHIFT);
  }

  /** The kernel's reading of a size field: 0 means VER0. */
  public int effectiveSize() {
    return size == 0 ? AttrSize.VER0.bytes() : size;
  }

  /** sample_period when {@code freq} is clear, sample_freq when it is set (a union in C). */
  public boolean isFrequency() {
    return has(AttrFlag.FREQ);
  }

  public PerfEventAttr with(AttrFlag flag, boolean on) {
    return toBuilder().flag(flag, on).build();
  }

  public PerfEventAttr withPreciseIp(int level) {
    return toBuilder().preciseIp(level).build();
  }

  public PerfEventAttr withSize(int newSize) {
    return toBuilder().size(newSize).build();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** An all-zero attr of the latest size; the starting point of every encoder. */
  public static PerfEventAttr zero() {
    return builder().size(AttrSize.latest().bytes()).build();
  }

  /** Mutable builder; records stay immutable once built. */
  public static final class Builder {
    private int type;
    private int size;
    private long config;
    private long samplePeriodOrFreq;
    private long sampleType;
    private long readFormat;
    private long flags;
    private int wakeupEventsOrWatermark;
    private int bpType;
    private long config1;
    private long config2;
    private long branchSampleType;
    private long sampleRegsUser;
    private int sampleStackUser;
    private int clockid;
    private long sampleRegsIntr;
    private int auxWatermark;
    private short sampleMaxStack;
    private short reserved2;
    private int auxSampleSize;
    private int reserved3;
    private long sigData;
    private long config3;

    private Builder() {}

    private Builder(PerfEventAttr a) {
      type = a.type;
      size = a.size;
      config = a.config;
      samplePeriodOrFreq = a.samplePeriodOrFreq;
      sampleType = a.sampleType;
      readFormat = a.readFormat;
      flags = a.flags;
      wakeupEventsOrWatermark = a.wakeupEventsOrWatermark;
      bpType = a.bpType;
      config1 = a.config1;
      config2 = a.config2;
      branchSampleType = a.branchSampleType;
      sampleRegsUser = a.sampleRegsUser;
      sampleStackUser = a.sampleStackUser;
      clockid = a.clockid;
      sampleRegsIntr = a.sampleRegsIntr;
      auxWatermark = a.auxWatermark;
      sampleMaxStack = a.sampleMaxStack;
      reserved2 = a.reserved2;
      auxSampleSize = a.auxSampleSize;
      reserved3 = a.reserved3;
      sigData = a.sigData;
      config3 = a.config3;
    }

    public Builder type(int v) { type = v; return this; }
    public Builder size(int v) { size = v; return this; }
    public Builder config(long v) { config = v; return this; }
    public Builder samplePeriodOrFreq(long v) { samplePeriodOrFreq = v; return this; }
    public Builder sampleType(long v) { sampleType = v; return this; }
    public Builder readFormat(long v) { readFormat = v; return this; }
    public Builder flags(long v) { flags = v; return this; }
    public Builder wakeupEventsOrWatermark(int v) { wakeupEventsOrWatermark = v; return this; }
    public Builder bpType(int v) { bpType = v; return this; }
    public Builder config1(long v) { config1 = v; return this; }
    public Builder config2(long v) { config2 = v; return this; }
    public Builder branchSampleType(long v) { branchSampleType = v; return this; }
    public Builder sampleRegsUser(long v) { sampleRegsUser = v; return this; }
    public Builder sampleStackUser(int v) { sampleStackUser = v; return this; }
    public Builder clockid(int v) { clockid = v; return this; }
    public Builder sampleRegsIntr(long v) { sampleRegsIntr = v; return this; }
    public Builder auxWatermark(int v) { auxWatermark = v; return this; }
    public Builder sampleMaxStack(short v) { sampleMaxStack = v; return this; }
    public Builder reserved2(short v) { reserved2 = v; return this; }
    public Builder auxSampleSize(int v) { auxSampleSize = v; return this; }
    public Builder reserved3(int v) { reserved3 = v; return this; }
    public Builder sigData(long v) { sigData = v; return this; }
    public Builder config3(long v) { config3 = v; return this; }

    public Builder flag(AttrFlag flag, boolean on) {
      flags = on ? flags | flag.mask() : flags & ~flag.mask();
      return this;
    }

    public Builder preciseIp(int level) {
      if (level < 0 || level > 3) {
        throw new IllegalArgumentException("precise_ip is two bits wide: " + level);
      }
      flags = (flags & ~AttrFlag.PRECISE_IP_MASK) | ((long) level << AttrFlag.PRECISE_IP_SHIFT);
      return this;
    }

    public Builder sampleType(SampleType bit, boolean on) {
      sampleType = on ? sampleType | bit.mask() : sampleType & ~bit.mask();
      return this;
    }

    public Builder readFormat(ReadFormat bit, boolean on) {
      readFormat = on ? readFormat | bit.mask() : readFormat & ~bit.mask();
      return this;
    }

    public boolean has(AttrFlag flag) {
      return (flags & flag.mask()) != 0;
    }

    public PerfEventAttr build() {
      return new PerfEventAttr(type, size, config, samplePeriodOrFreq, sampleType, readFormat, flags,
          wakeupEventsOrWatermark, bpType, config1, config2, branchSampleType, sampleRegsUser,
          sampleStackUser, clockid, sampleRegsIntr, auxWatermark, sampleMaxStack, reserved2,
          auxSampleSize, reserved3, sigData, config3);
    }
  }
}
