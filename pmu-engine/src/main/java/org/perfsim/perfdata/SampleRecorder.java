package org.perfsim.perfdata;

import java.util.Arrays;

/**
 * The samples of one session as perf would have received them, bounded: the first {@link #maxPerCpu()}
 * samples of each CPU are kept one by one (time, context, mode), every sample is counted exactly by CPU,
 * context and mode. The session counts samples in closed form per slice part; a part's samples are spread
 * evenly over it, which is where a constant-rate counter with a fixed period puts them. Primitive arrays
 * only, grown as samples arrive, so recording allocates nothing per sample once they have grown.
 */
public final class SampleRecorder {
  /** The context value of the host's own tasks (guests are 0, 1, ...). */
  public static final int HOST = -1;
  /**
   * Samples one file holds at most, over all CPUs: a host's file travels in one gRPC message (4 MiB) with its
   * result; at about 60 bytes a sample plus the tasks' COMM and MMAP2 records this stays well below.
   */
  public static final int MAX_SAMPLES_PER_FILE = 10_000;
  /** Mode bits of a recorded sample. */
  static final int USER = 1;
  static final int EXACT = 2;

  private final int maxPerCpu;
  private final int guests;
  private final int[] kept;
  private final long[][] times;
  private final int[][] contexts;
  private final byte[][] modes;
  private final long[] perCpu;
  /** [context + 1][user ? 0 : 1]: the host first, then each guest. */
  private final long[][] byContextMode;

  public SampleRecorder(int cpus, int guests, int maxPerCpu) {
    if (cpus < 1 || guests < 0 || maxPerCpu < 0) {
      throw new IllegalArgumentException("cpus " + cpus + ", guests " + guests + ", maxPerCpu " + maxPerCpu);
    }
    this.maxPerCpu = maxPerCpu;
    this.guests = guests;
    this.kept = new int[cpus];
    this.times = new long[cpus][];
    this.contexts = new int[cpus][];
    this.modes = new byte[cpus][];
    for (int c = 0; c < cpus; c++) {
      int initial = Math.min(maxPerCpu, 256);
      times[c] = new long[initial];
      contexts[c] = new int[initial];
      modes[c] = new byte[initial];
    }
    this.perCpu = new long[cpus];
    this.byContextMode = new long[guests + 1][2];
  }

  /**
   * {@code count} samples taken on {@code cpu} in {@code context} ({@link #HOST} or a guest id) over host time
   * [{@code fromNanos}, {@code toNanos}), spread evenly; {@code exact}: precise samples whose ip is the
   * instruction that caused them (PEBS).
   */
  public void samples(int cpu, int context, boolean user, boolean exact, long fromNanos, long toNanos,
      long count) {
    if (count <= 0) {
      return;
    }
    perCpu[cpu] += count;
    byContextMode[context + 1][user ? 0 : 1] += count;
    long room = Math.min(count, maxPerCpu - kept[cpu]);
    if (room <= 0) {
      return;
    }
    grow(cpu, kept[cpu] + (int) room);
    byte mode = (byte) ((user ? USER : 0) | (exact ? EXACT : 0));
    long span = toNanos - fromNanos;
    for (long k = 0; k < room; k++) {
      int i = kept[cpu]++;
      // the k-th of count samples sits in the middle of its share of the span
      times[cpu][i] = fromNanos + (long) ((2 * k + 1) * (double) span / (2 * count));
      contexts[cpu][i] = context;
      modes[cpu][i] = mode;
    }
  }

  private void grow(int cpu, int needed) {
    if (needed <= times[cpu].length) {
      return;
    }
    int size = (int) Math.min(maxPerCpu, Math.max(needed, 2L * times[cpu].length));
    times[cpu] = Arrays.copyOf(times[cpu], size);
    contexts[cpu] = Arrays.copyOf(contexts[cpu], size);
    modes[cpu] = Arrays.copyOf(modes[cpu], size);
  }

  /** {@code requested} samples per CPU, lowered so that {@code cpus} CPUs stay within {@link #MAX_SAMPLES_PER_FILE}. */
  public static int boundedPerCpu(int requested, int cpus) {
    return Math.max(1, Math.min(requested, MAX_SAMPLES_PER_FILE / cpus));
  }

  public int maxPerCpu() {
    return maxPerCpu;
  }

  public int cpus() {
    return kept.length;
  }

  public int guests() {
    return guests;
  }

  /** Samples taken on {@code cpu}, kept or not. */
  public long total(int cpu) {
    return perCpu[cpu];
  }

  public long total() {
    return Arrays.stream(perCpu).sum();
  }

  /** Samples taken in {@code context} ({@link #HOST} or a guest id) in user or kernel mode. */
  public long total(int context, boolean user) {
    return byContextMode[context + 1][user ? 0 : 1];
  }

  /** Samples kept one by one on {@code cpu}. */
  public int kept(int cpu) {
    return kept[cpu];
  }

  public long kept() {
    return Arrays.stream(kept).asLongStream().sum();
  }

  /** Whether some samples were counted but not kept. */
  public boolean bounded() {
    return kept() < total();
  }

  long time(int cpu, int i) {
    return times[cpu][i];
  }

  int context(int cpu, int i) {
    return contexts[cpu][i];
  }

  boolean user(int cpu, int i) {
    return (modes[cpu][i] & USER) != 0;
  }

  boolean exact(int cpu, int i) {
    return (modes[cpu][i] & EXACT) != 0;
  }
}
