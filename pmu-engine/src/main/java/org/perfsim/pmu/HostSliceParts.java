package org.perfsim.pmu;

import java.util.Objects;

/**
 * Consecutive parts of host-context execution on one CPU, each at its own ring (a slice's kernel-mode window
 * and user mode around it, and the slices after it), for {@link EmulatedPmu#countHostSlice}: filled by the
 * caller and reused, so counting allocates nothing. After a count, {@link #produced} holds each part's host
 * records.
 */
public final class HostSliceParts {
  /** A slice has at most three parts: user, kernel, user (or kernel, user, kernel). */
  public static final int PER_SLICE = 3;

  final long[] cycles;
  final long[] instructions;
  final long[] startNanos;
  final long[] durationNanos;
  final Ring[] rings;
  final long[] produced;
  int count;

  /** Room for {@code capacity} parts. */
  public HostSliceParts(int capacity) {
    cycles = new long[capacity];
    instructions = new long[capacity];
    startNanos = new long[capacity];
    durationNanos = new long[capacity];
    rings = new Ring[capacity];
    produced = new long[capacity];
  }

  /** Empties the list for the next slice. */
  public void clear() {
    count = 0;
  }

  /**
   * Appends a part: {@code cycles} unhalted cycles retiring {@code instructions} at {@code ring}, spread over
   * {@code durationNanos} from {@code startNanos}, right after the part before it.
   */
  public void add(long partCycles, long partInstructions, long start, long duration, Ring ring) {
    if (count == cycles.length) {
      throw new IllegalStateException("room for " + cycles.length + " parts only");
    }
    cycles[count] = partCycles;
    instructions[count] = partInstructions;
    startNanos[count] = start;
    durationNanos[count] = duration;
    rings[count] = Objects.requireNonNull(ring, "ring");
    count++;
  }

  public int count() {
    return count;
  }

  /** Whether {@code parts} more fit. */
  public boolean hasRoom(int parts) {
    return count + parts <= cycles.length;
  }

  public Ring ring(int k) {
    return rings[k];
  }

  public long startNanos(int k) {
    return startNanos[k];
  }

  public long durationNanos(int k) {
    return durationNanos[k];
  }

  /** Host records part {@code k} produced in the last count. */
  public long produced(int k) {
    return produced[k];
  }
}
