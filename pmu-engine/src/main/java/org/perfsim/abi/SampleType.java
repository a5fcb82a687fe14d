package org.perfsim.abi;

import java.util.StringJoiner;

/** PERF_SAMPLE_* bits of sample_type, in bit order; names as perf -vv prints them. */
public enum SampleType {
  IP, TID, TIME, ADDR, READ, CALLCHAIN, ID, CPU, PERIOD, STREAM_ID, RAW,
  BRANCH_STACK, REGS_USER, STACK_USER, WEIGHT, DATA_SRC, IDENTIFIER, TRANSACTION, REGS_INTR,
  PHYS_ADDR, AUX, CGROUP, DATA_PAGE_SIZE, CODE_PAGE_SIZE, WEIGHT_STRUCT;

  public long mask() {
    return 1L << ordinal();
  }

  /** Bits a kernel knows when {@code last} is its newest sample type (PERF_SAMPLE_MAX - 1). */
  public static long maskThrough(SampleType last) {
    return (last.mask() << 1) - 1;
  }

  /** {@code IP|TID|TIME|PERIOD}, unknown bits as hex, as perf's attr printer does. */
  public static String describe(long bits) {
    StringJoiner j = new StringJoiner("|");
    long rest = bits;
    for (SampleType t : values()) {
      if ((bits & t.mask()) != 0) {
        j.add(t.name());
        rest &= ~t.mask();
      }
    }
    if (rest != 0) {
      j.add("0x" + Long.toHexString(rest));
    }
    return j.toString();
  }
}
