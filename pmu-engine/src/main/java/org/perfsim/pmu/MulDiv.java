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
    // Only slices longer than about a second of cycles times nanoseconds get here.
    return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divide(BigInteger.valueOf(c)).longValue();
  }

  static long ceil(long a, long b, long c) {
    long lo = a * b;
    if (Math.multiplyHigh(a, b) == 0 && lo >= 0) {
      return lo / c + (lo % c == 0 ? 0 : 1);
    }
    BigInteger[] qr = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divideAndRemainder(
        BigInteger.valueOf(c));
    return qr[0].longValue() + (qr[1].signum() == 0 ? 0 : 1);
  }
}
