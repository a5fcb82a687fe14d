package org.perfsim.tool;

import java.math.BigInteger;
import java.util.OptionalLong;

/**
 * The C library number conversions perf's option parser relies on, with their leniency: leading
 * blanks and a sign are skipped, digits stop at the first non-digit, overflow saturates.
 */
final class CNumbers {

  private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private CNumbers() {}

  /**
   * {@code strtoull(text, &end, 10)} followed by perf's {@code if (*end)} check: the value when the
   * whole text was consumed, empty when characters are left over. An empty text is 0, as in C.
   */
  static OptionalLong strtoull(String text) {
    int i = skipBlanks(text, 0);
    boolean negative = false;
    if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
      negative = text.charAt(i) == '-';
      i++;
    }
    int digitsStart = i;
    while (i < text.length() && Character.isDigit(text.charAt(i))) {
      i++;
    }
    if (digitsStart == i) {
      // No digits: strtoull leaves end at the start of the text.
      return text.isEmpty() ? OptionalLong.of(0) : OptionalLong.empty();
    }
    if (i != text.length()) {
      return OptionalLong.empty();
    }
    BigInteger value = new BigInteger(text.substring(digitsStart, i)).min(U64_MAX);
    long bits = value.longValue();
    return OptionalLong.of(negative ? -bits : bits);
  }

  /** {@code atoi(text)}: the leading decimal number, 0 when there is none; never fails. */
  static int atoi(String text) {
    int i = skipBlanks(text, 0);
    boolean negative = false;
    if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
      negative = text.charAt(i) == '-';
      i++;
    }
    long value = 0;
    while (i < text.length() && Character.isDigit(text.charAt(i)) && value <= Integer.MAX_VALUE) {
      value = value * 10 + (text.charAt(i) - '0');
      i++;
    }
    long signed = negative ? -value : value;
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, signed));
  }

  private static int skipBlanks(String text, int from) {
    int i = from;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i;
  }
}
