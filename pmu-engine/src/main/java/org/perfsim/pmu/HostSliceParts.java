package org.perfsim.pmu;

import java.util.Objects;

/**
 * The consecutive parts of one host-context slice, each at its own ring (a kernel-mode window and user mode
 * around it), for {@link EmulatedPmu#countHostSlice}: filled by the caller, reused from slice to slice, so
 * counting a slice allocates nothing. After a count, {@link #produced} holds each part's host records.
 */
public final class HostSliceParts {
  /** A slice has at most three parts: user, kernel, user (or kernel, user, kernel). */
  public static final int MAX = 3;

  final long[] cycles = new long[MAX];
  final long[] instructions = new long[MAX];
  final long[] startNanos = new long[MAX];
  final long[] durationNanos = new long[MAX];
  final Ring[] rings = new Ring[MAX];
  final long[] produced = new long[MAX];
  int count;

  /** Empties the list for the next slice. */
  public void clear() {
    count = 0;
  }

  /**
   * Appends a part: {@code cycles} unhalted cycles retiring {@code instructions} at {@code ring}, spread over
   * {@code durationNanos} from {@code startNanos}, right after the part before it.
   */
  public void add(long partCycles, long partInstructions, long start, long duration, Ring ring) {
    if (count == MAX) {
      throw new IllegalStateException("a slice has at most " + MAX + " parts");
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

  /** Host records part {@code k} produced in the last count. */
  public long produced(int k) {
    return produced[k];
  }
}
