package org.perfsim.pmu;

/**
 * The counters active in the current slice and where each stands, in event numbers counted from the slice
 * start (event k of a cycles counter happens at cycle offset k; instruction k at ceil(k * cycles /
 * instructions)). Preallocated once per PMU: the slice loop allocates nothing.
 */
final class SliceSlots {

  static final long NEVER = Long.MAX_VALUE;

  final int[] slot;
  final int[] bit;
  final boolean[] pebs;
  final boolean[] interrupt;
  final boolean[] countsInstructions;
  final long[] events;
  /** Event number of the counter's next overflow. */
  final long[] nextOverflow;
  /** Cycle offset of {@link #nextOverflow}, or {@link #NEVER} when it lies past the slice. */
  final long[] nextOffset;
  /** Event number of the last overflow (0: slice start) and the counter's value right after it. */
  final long[] mark;
  final long[] valueAtMark;
  /** Per counter, fixed for the slice: the PEBS writer, the DS reset reload, the handler's re-arm value. */
  final PebsRecordWriter[] writer;
  final long[] reload;
  final long[] rearm;
  int count;
  long cycles;
  long instructions;
  private final long wrap;

  SliceSlots(int capacity, int counterWidth) {
    slot = new int[capacity];
    bit = new int[capacity];
    pebs = new boolean[capacity];
    interrupt = new boolean[capacity];
    countsInstructions = new boolean[capacity];
    events = new long[capacity];
    nextOverflow = new long[capacity];
    nextOffset = new long[capacity];
    mark = new long[capacity];
    valueAtMark = new long[capacity];
    writer = new PebsRecordWriter[capacity];
    reload = new long[capacity];
    rearm = new long[capacity];
    wrap = 1L << counterWidth;
  }

  /** Events from a counter value to its overflow: the counter wraps from all ones to zero. */
  long periodFrom(long value) {
    return wrap - value;
  }

  long wrap() {
    return wrap;
  }

  /** Adds a counting counter; returns its index for the per-counter constants. */
  int add(int registerSlot, int counterBit, boolean pebsEnabled, boolean interruptEnabled,
      boolean instructionsEvent, long value) {
    int a = count++;
    slot[a] = registerSlot;
    bit[a] = counterBit;
    pebs[a] = pebsEnabled;
    interrupt[a] = interruptEnabled;
    countsInstructions[a] = instructionsEvent;
    events[a] = instructionsEvent ? instructions : cycles;
    mark[a] = 0;
    valueAtMark[a] = value;
    scheduleNext(a, periodFrom(value));
    return a;
  }

  /** The counter restarted at {@link #mark} with {@link #valueAtMark}; its next overflow is a period on. */
  void scheduleNext(int a, long period) {
    nextOverflow[a] = mark[a] + period;
    nextOffset[a] = nextOverflow[a] <= events[a] ? offsetOf(a, nextOverflow[a]) : NEVER;
  }

  long offsetOf(int a, long eventNumber) {
    return countsInstructions[a] ? MulDiv.ceil(eventNumber, cycles, instructions) : eventNumber;
  }

  /** Whether event {@code eventNumber} of counter {@code a} comes at a cycle offset before {@code offset}. */
  boolean before(int a, long eventNumber, long offset) {
    if (!countsInstructions[a]) {
      return eventNumber < offset;
    }
    // ceil(e * cycles / instructions) < offset  <=>  e * cycles <= (offset - 1) * instructions
    return offset > 0 && MulDiv.compareProducts(eventNumber, cycles, offset - 1, instructions) <= 0;
  }

  /** Events of counter {@code a} at cycle offsets up to and including {@code offset}. */
  long eventsUpTo(int a, long offset) {
    long n = countsInstructions[a] ? MulDiv.floor(offset, instructions, cycles) : offset;
    return Math.min(n, events[a]);
  }

  /** Overflows at offsets up to {@code offset}, from the next one on, for a counter with a fixed period. */
  long overflowsUpTo(int a, long offset, long period) {
    long n = eventsUpTo(a, offset);
    return n < nextOverflow[a] ? 0 : 1 + (n - nextOverflow[a]) / period;
  }

  /** The active counter whose next overflow comes first (ties: lowest slot), or -1. */
  int earliest() {
    int best = -1;
    long bestOffset = NEVER;
    for (int a = 0; a < count; a++) {
      if (nextOffset[a] < bestOffset) {
        bestOffset = nextOffset[a];
        best = a;
      }
    }
    return best;
  }

  /** The counter's value at the end of the slice. */
  long valueAtEnd(int a, long counterMask) {
    return (valueAtMark[a] + (events[a] - mark[a])) & counterMask;
  }
}
