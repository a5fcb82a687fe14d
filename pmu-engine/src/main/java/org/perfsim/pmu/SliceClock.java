package org.perfsim.pmu;

/**
 * Maps a cycle offset in the slice to simulated nanoseconds, {@code start + floor(offset * duration /
 * cycles)}, exactly. Offsets arrive in increasing order with mostly the same step (a counter's period), so
 * the clock keeps the quotient and remainder of the last offset and steps them; a 64-bit division happens
 * only when the step changes. Allocation-free.
 */
final class SliceClock {

  private long start;
  private long duration;
  private long cycles;
  private long offset;
  private long quotient;
  private long remainder;
  private long step = -1;
  private long stepQuotient;
  private long stepRemainder;

  void reset(long startNanos, long durationNanos, long sliceCycles) {
    start = startNanos;
    duration = durationNanos;
    cycles = sliceCycles;
    offset = 0;
    quotient = 0;
    remainder = 0;
    step = -1;
  }

  /** (offset * duration) mod cycles of the last offset {@link #nanosAt} mapped. */
  long remainder() {
    return remainder;
  }

  long duration() {
    return duration;
  }

  long cycles() {
    return cycles;
  }

  /** Whether {@link #nanosAt} steps (false past 2^62 cycles, where the remainder sum could overflow). */
  boolean steps() {
    return cycles <= (1L << 62);
  }

  long nanosAt(long at) {
    long delta = at - offset;
    // Past 2^62 cycles the remainder sum could overflow; such slices take the direct path.
    if (delta < 0 || !steps()) {
      return start + MulDiv.floor(at, duration, cycles);
    }
    if (delta != step) {
      step = delta;
      stepQuotient = MulDiv.floor(delta, duration, cycles);
      stepRemainder = MulDiv.remainder(delta, duration, cycles, stepQuotient);
    }
    quotient += stepQuotient;
    remainder += stepRemainder;
    if (remainder >= cycles) {
      remainder -= cycles;
      quotient++;
    }
    offset = at;
    return start + quotient;
  }
}
