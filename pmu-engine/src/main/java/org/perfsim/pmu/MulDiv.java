package org.perfsim.pmu;

import java.math.BigInteger;

/** a * b / c for non-negative operands without overflow: exact in long when it fits, BigInteger if not. */
final class MulDiv {
  private MulDiv() {}

  static long floor(long a, long b, long c) {
    long lo = a * b;
    if (Math.multiplyHigh(a, b) == 0 && lo >= 0) {
      return lo / c;
    }
    return wide(a, b).divide(BigInteger.valueOf(c)).longValue();
  }

  static long ceil(long a, long b, long c) {
    long q = floor(a, b, c);
    return remainder(a, b, c, q) == 0 ? q : q + 1;
  }

  /** (a * b) mod c, given q = floor(a * b / c). */
  static long remainder(long a, long b, long c, long q) {
    long lo = a * b;
    if (Math.multiplyHigh(a, b) == 0 && lo >= 0) {
      return lo - q * c;
    }
    return wide(a, b).subtract(BigInteger.valueOf(q).multiply(BigInteger.valueOf(c))).longValue();
  }

  /** Compares a * b with c * d (all non-negative) exactly, without dividing. */
  static int compareProducts(long a, long b, long c, long d) {
    int high = Long.compare(Math.multiplyHigh(a, b), Math.multiplyHigh(c, d));
    return high != 0 ? high : Long.compareUnsigned(a * b, c * d);
  }

  // Only slices longer than about a second of cycles times nanoseconds get here; it allocates.
  private static BigInteger wide(long a, long b) {
    return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b));
  }
}
