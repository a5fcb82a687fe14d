package org.perfsim.abi;

import java.util.Optional;

/**
 * The single-bit fields of the u64 bitfield at offset 40 of perf_event_attr, by bit number.
 * precise_ip (bits 15-16) is two bits wide and lives in {@link PerfEventAttr#preciseIp()}.
 */
public enum AttrFlag {
  DISABLED(0),
  INHERIT(1),
  PINNED(2),
  EXCLUSIVE(3),
  EXCLUDE_USER(4),
  EXCLUDE_KERNEL(5),
  EXCLUDE_HV(6),
  EXCLUDE_IDLE(7),
  MMAP(8),
  COMM(9),
  FREQ(10),
  INHERIT_STAT(11),
  ENABLE_ON_EXEC(12),
  TASK(13),
  WATERMARK(14),
  MMAP_DATA(17),
  SAMPLE_ID_ALL(18),
  EXCLUDE_HOST(19),
  EXCLUDE_GUEST(20),
  EXCLUDE_CALLCHAIN_KERNEL(21),
  EXCLUDE_CALLCHAIN_USER(22),
  MMAP2(23),
  COMM_EXEC(24),
  USE_CLOCKID(25),
  CONTEXT_SWITCH(26),
  WRITE_BACKWARD(27),
  NAMESPACES(28),
  KSYMBOL(29),
  BPF_EVENT(30),
  AUX_OUTPUT(31),
  CGROUP(32),
  TEXT_POKE(33),
  BUILD_ID(34),
  INHERIT_THREAD(35),
  REMOVE_ON_EXEC(36),
  SIGTRAP(37),
  /**
   * Torvalds' 2012 proposal, never merged: count guest context only when asked. perfsim gives it the
   * first bit no real kernel assigned, so it can never alias a real field; only the {@code include-guest}
   * kernel policy knows it.
   */
  INCLUDE_GUEST(38);

  /** Bits 15 and 16: precise_ip. */
  public static final int PRECISE_IP_SHIFT = 15;
  public static final long PRECISE_IP_MASK = 3L << PRECISE_IP_SHIFT;

  private final int bit;

  AttrFlag(int bit) {
    this.bit = bit;
  }

  public int bit() {
    return bit;
  }

  public long mask() {
    return 1L << bit;
  }

  /** The kernel header's field name, e.g. {@code exclude_guest}. */
  public String fieldName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Optional<AttrFlag> ofFieldName(String name) {
    for (AttrFlag f : values()) {
      if (f.fieldName().equals(name)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** Mask of bits 0..lastBit inclusive, e.g. every flag a kernel whose newest flag is {@code last} knows. */
  public static long maskThrough(AttrFlag last) {
    return last.bit == 63 ? -1L : (1L << (last.bit + 1)) - 1;
  }
}
