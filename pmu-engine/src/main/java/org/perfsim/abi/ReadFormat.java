package org.perfsim.abi;

import java.util.StringJoiner;

/** PERF_FORMAT_* bits of read_format, in bit order; names as perf -vv prints them. */
public enum ReadFormat {
  TOTAL_TIME_ENABLED, TOTAL_TIME_RUNNING, ID, GROUP, LOST;

  public long mask() {
    return 1L << ordinal();
  }

  public static long maskThrough(ReadFormat last) {
    return (last.mask() << 1) - 1;
  }

  public static String describe(long bits) {
    StringJoiner j = new StringJoiner("|");
    long rest = bits;
    for (ReadFormat f : values()) {
      if ((bits & f.mask()) != 0) {
        j.add(f.name());
        rest &= ~f.mask();
      }
    }
    if (rest != 0) {
      j.add("0x" + Long.toHexString(rest));
    }
    return j.toString();
  }
}
