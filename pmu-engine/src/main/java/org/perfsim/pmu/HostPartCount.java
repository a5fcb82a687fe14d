package org.perfsim.pmu;

/**
 * A host-context slice counted in closed form, in O(counters), when every counter's overflows provably do not
 * depend on the others': perf's handler runs inline and every PEBS record reaches the interrupt threshold on
 * its own (a one-record threshold, the kernels' setting whenever a sample needs its PMI, e.g. perf's default
 * frequency mode), so each record is written, drained and its counter re-armed before anything else happens.
 * Then a counter's overflows in a slice are its events divided by its period, and the slice leaves the
 * registers, the host PEBS index and every total as the overflow-by-overflow path leaves them; the records are
 * counted ({@link PmuSink#hostRecordsCounted}) instead of written, so the buffer's bytes past its index (never
 * read) differ.
 *
 * <p>Non-precise samples are still reported one by one ({@link PmuSink#pmi}, in time order), so at most one
 * interrupting non-PEBS counter may count. What counts at each ring is worked out once per set of control
 * registers, so a slice costs a register comparison and one division per counting counter.
 */
final class HostPartCount {

  private static final int PEBS = 0;
  private static final int INTERRUPT = 1;
  private static final int COUNTING = 2;

  private final PmuRegisters regs;
  private final DsArea ds;
  private final PebsAssist assist;
  private final Tally tally;
  private final boolean inlineHandler;
  private final long wrap;
  /** Per ring (its ordinal): the control registers the plan was made for; null until made. */
  private final long[][] controls = new long[Ring.values().length][];
  private final boolean[] countable = new boolean[Ring.values().length];
  private final int[] counters = new int[Ring.values().length];
  private final int[][] slot;
  private final int[][] kind;
  private final boolean[][] instructionsEvent;
  /** Per ring: the PEBS counters' smallest and largest record ({@link Integer#MAX_VALUE} and 0 without PEBS). */
  private final int[] smallestRecord = new int[Ring.values().length];
  private final int[] largestRecord = new int[Ring.values().length];

  HostPartCount(PmuRegisters regs, DsArea ds, PebsAssist assist, Tally tally, PmuOptions options) {
    this.regs = regs;
    this.ds = ds;
    this.assist = assist;
    this.tally = tally;
    this.inlineHandler = options.inlineHandler();
    this.wrap = 1L << regs.width;
    int rings = Ring.values().length;
    this.slot = new int[rings][regs.slots()];
    this.kind = new int[rings][regs.slots()];
    this.instructionsEvent = new boolean[rings][regs.slots()];
  }

  /**
   * Runs the slice as {@link SliceRunner} would, in closed form; false, with nothing changed, when the slice
   * does not qualify.
   */
  boolean count(long cycles, long instructions, Ring ring, long startNanos, long durationNanos, PmuSink sink) {
    int r = ring.ordinal();
    if (!inlineHandler) {
      return false;
    }
    if (controls[r] == null || !regs.controlsEqual(controls[r])) {
      plan(r, ring);
    }
    if (!countable[r] || !dsReady(r)) {
      return false;
    }
    long records = 0;
    long firstRecord = Long.MAX_VALUE;
    long lastRecord = -1;
    long setStatus = 0;
    long clearStatus = 0;
    for (int i = 0; i < counters[r]; i++) {
      int s = slot[r][i];
      boolean byInstructions = instructionsEvent[r][i];
      long events = byInstructions ? instructions : cycles;
      long value = regs.value[s];
      long first = wrap - value; // events to the first overflow
      if (first > events) {
        regs.value[s] = value + events;
        continue;
      }
      int k = kind[r][i];
      long after = k == COUNTING ? 0 : regs.programmed[s]; // the handler re-arms; an unhandled counter wraps
      long period = wrap - after;
      long n = 1 + (events - first) / period;
      long last = first + (n - 1) * period;
      regs.value[s] = (after + (events - last)) & regs.counterMask;
      long bit = 1L << regs.bitOf(s);
      if (k == PEBS) {
        records += n;
        firstRecord = Math.min(firstRecord, offset(first, byInstructions, cycles, instructions));
        lastRecord = Math.max(lastRecord, offset(last, byInstructions, cycles, instructions));
      } else if (k == INTERRUPT) {
        clearStatus |= bit;
        for (long e = first, j = 0; j < n; j++, e += period) {
          tally.pmis++;
          sink.pmi(startNanos + MulDiv.floor(offset(e, byInstructions, cycles, instructions), durationNanos, cycles),
              regs.bitOf(s), PmuSink.PmiReason.COUNTER_OVERFLOW, PmuSink.HOST);
        }
      } else {
        setStatus |= bit;
      }
    }
    if (records > 0) {
      // each record reached the threshold: the handler drained it and acked the PEBS bits and OvfBuffer
      clearStatus |= regs.pebsEnable | Msr.GLOBAL_STATUS_OVF_BUFFER;
      tally.hostRecordsCounted += records;
      tally.pmis += records;
      tally.drains += records;
      sink.hostRecordsCounted(records, records,
          startNanos + MulDiv.floor(firstRecord, durationNanos, cycles),
          startNanos + MulDiv.floor(lastRecord, durationNanos, cycles));
    }
    // the bits set (unhandled counters) and cleared (handled ones) are disjoint, so their order is not
    regs.globalStatus = (regs.globalStatus & ~clearStatus) | setStatus;
    return true;
  }

  private static long offset(long event, boolean byInstructions, long cycles, long instructions) {
    return byInstructions ? MulDiv.ceil(event, cycles, instructions) : event;
  }

  /** Every PEBS counter's record fits at the index, which sits at base and reaches the threshold at once. */
  private boolean dsReady(int r) {
    return smallestRecord[r] == Integer.MAX_VALUE || (ds.activeFor(regs.dsArea) && ds.hostIndexOff == 0
        && ds.thresholdOff <= smallestRecord[r] && largestRecord[r] <= ds.maxOff);
  }

  /** Which counters count at {@code ring} in host context, as {@link SliceRunner}'s prepare picks them. */
  private void plan(int r, Ring ring) {
    controls[r] = regs.controls();
    int n = 0;
    int interrupting = 0;
    smallestRecord[r] = Integer.MAX_VALUE;
    largestRecord[r] = 0;
    for (int s = 0; s < regs.slots(); s++) {
      EventSelect.CountedEvent event = regs.eventOf(s);
      if (event == EventSelect.CountedEvent.NONE || !regs.counts(s, ring) || !regs.countsIn(s, false)) {
        continue;
      }
      boolean pebs = regs.hasPebs() && regs.pebsEnabled(s);
      slot[r][n] = s;
      instructionsEvent[r][n] = event == EventSelect.CountedEvent.INSTRUCTIONS;
      kind[r][n] = pebs ? PEBS : regs.interruptEnabled(s) ? INTERRUPT : COUNTING;
      if (pebs) {
        int bytes = assist.writerFor(s).recordBytes();
        smallestRecord[r] = Math.min(smallestRecord[r], bytes);
        largestRecord[r] = Math.max(largestRecord[r], bytes);
      }
      interrupting += kind[r][n] == INTERRUPT ? 1 : 0;
      n++;
    }
    counters[r] = n;
    // two interrupting counters would have to interleave their PMIs in time order
    countable[r] = interrupting <= 1;
  }
}
