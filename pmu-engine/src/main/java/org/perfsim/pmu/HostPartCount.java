package org.perfsim.pmu;

/**
 * Host-context parts (of one slice or several) counted in closed form, in O(parts x counters), when every
 * counter's overflows provably do not depend on the others': perf's handler runs inline and every PEBS
 * record reaches the interrupt threshold on its own (a one-record threshold, the kernels' setting whenever
 * a sample needs its PMI, e.g. perf's default frequency mode), so each record is written, drained and its
 * counter re-armed before anything else happens. Then a counter's overflows in a part are its events
 * divided by its period, and the parts leave the registers, the host PEBS index and every total as the
 * overflow-by-overflow path leaves them; the records are counted ({@link PmuSink#hostRecordsCounted})
 * instead of written, so the buffer's bytes past its index (never read) differ.
 *
 * <p>Non-precise samples are still reported one by one ({@link PmuSink#pmi}, in time order), so at most one
 * interrupting non-PEBS counter may count, and only in a single part (the sink learns a PMI's ring from
 * the part it is told runs). What counts at each ring is worked out once per set of control registers,
 * so a part costs one division per counting counter.
 */
final class HostPartCount {

  private static final int PEBS = 0;
  private static final int INTERRUPT = 1;
  private static final int COUNTING = 2;
  private static final int RINGS = Ring.values().length;

  private final PmuRegisters regs;
  private final DsArea ds;
  private final PebsAssist assist;
  private final Tally tally;
  private final boolean inlineHandler;
  private final long wrap;
  /** The control registers the plans were made for; null until made. */
  private long[] controls;
  /** Per ring (its ordinal): the counters that count there, and how. */
  private final int[] counters = new int[RINGS];
  private final int[][] slot;
  private final int[][] kind;
  private final boolean[][] instructionsEvent;
  private boolean interrupting;
  private boolean twoInterrupting;
  /** The PEBS counters' smallest and largest record ({@link Integer#MAX_VALUE} and 0 without PEBS). */
  private int smallestRecord;
  private int largestRecord;

  HostPartCount(PmuRegisters regs, DsArea ds, PebsAssist assist, Tally tally, PmuOptions options) {
    this.regs = regs;
    this.ds = ds;
    this.assist = assist;
    this.tally = tally;
    this.inlineHandler = options.inlineHandler();
    this.wrap = 1L << regs.width;
    this.slot = new int[RINGS][regs.slots()];
    this.kind = new int[RINGS][regs.slots()];
    this.instructionsEvent = new boolean[RINGS][regs.slots()];
  }

  /**
   * Runs the parts as {@link SliceRunner} would one after the other, in closed form; false, with nothing
   * changed, when the slice does not qualify.
   */
  boolean count(HostSliceParts parts, PmuSink sink) {
    if (!inlineHandler || parts.count == 0) {
      return false;
    }
    if (controls == null || !regs.controlsEqual(controls)) {
      plan();
    }
    if (twoInterrupting || (interrupting && parts.count > 1) || !dsReady()) {
      return false;
    }
    long records = 0;
    // the first and last record as (part, cycle offset): their times are worked out once, at the end
    int firstPart = -1;
    long firstOffset = 0;
    int lastPart = -1;
    long lastOffset = 0;
    long setStatus = 0;
    long clearStatus = 0;
    for (int p = 0; p < parts.count; p++) {
      int r = parts.rings[p].ordinal();
      long cycles = parts.cycles[p];
      long instructions = parts.instructions[p];
      long start = parts.startNanos[p];
      long duration = parts.durationNanos[p];
      long partRecords = 0;
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
        long n = events - first < period ? 1 : 1 + (events - first) / period; // most parts: no division
        long last = first + (n - 1) * period;
        regs.value[s] = (after + (events - last)) & regs.counterMask;
        long bit = 1L << regs.bitOf(s);
        if (k == PEBS) {
          partRecords += n;
          long from = offset(first, byInstructions, parts, p);
          long to = n == 1 ? from : offset(last, byInstructions, parts, p);
          if (firstPart < 0 || (firstPart == p && from < firstOffset)) {
            firstPart = p;
            firstOffset = from;
          }
          if (lastPart < p || to > lastOffset) { // parts come in time order
            lastPart = p;
            lastOffset = to;
          }
        } else if (k == INTERRUPT) {
          clearStatus |= bit;
          for (long e = first, j = 0; j < n; j++, e += period) {
            tally.pmis++;
            sink.pmi(nanos(offset(e, byInstructions, parts, p), parts, p), regs.bitOf(s),
                PmuSink.PmiReason.COUNTER_OVERFLOW, PmuSink.HOST);
          }
        } else {
          setStatus |= bit;
        }
      }
      parts.produced[p] = partRecords;
      records += partRecords;
    }
    if (records > 0) {
      // each record reached the threshold: the handler drained it and acked the PEBS bits and OvfBuffer
      clearStatus |= regs.pebsEnable | Msr.GLOBAL_STATUS_OVF_BUFFER;
      tally.hostRecordsCounted += records;
      tally.pmis += records;
      tally.drains += records;
      sink.hostRecordsCounted(records, records, nanos(firstOffset, parts, firstPart),
          nanos(lastOffset, parts, lastPart));
    }
    // the bits set (unhandled counters) and cleared (handled ones) are disjoint, so their order is not
    regs.globalStatus = (regs.globalStatus & ~clearStatus) | setStatus;
    return true;
  }

  /** The cycle offset in part {@code p} of its event {@code event}. */
  private static long offset(long event, boolean byInstructions, HostSliceParts parts, int p) {
    return byInstructions ? MulDiv.ceil(event, parts.cycles[p], parts.instructions[p]) : event;
  }

  /** The time of cycle offset {@code offset} of part {@code p}, as the slice's clock maps it. */
  private static long nanos(long offset, HostSliceParts parts, int p) {
    return parts.startNanos[p] + MulDiv.floor(offset, parts.durationNanos[p], parts.cycles[p]);
  }

  /** Every PEBS counter's record fits at the index, which sits at base and reaches the threshold at once. */
  private boolean dsReady() {
    return smallestRecord == Integer.MAX_VALUE || (ds.activeFor(regs.dsArea) && ds.hostIndexOff == 0
        && ds.thresholdOff <= smallestRecord && largestRecord <= ds.maxOff);
  }

  /** Which counters count at each ring in host context, as {@link SliceRunner}'s prepare picks them. */
  private void plan() {
    controls = regs.controls();
    smallestRecord = Integer.MAX_VALUE;
    largestRecord = 0;
    interrupting = false;
    twoInterrupting = false;
    for (Ring ring : Ring.values()) {
      int r = ring.ordinal();
      int n = 0;
      int interrupts = 0;
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
          smallestRecord = Math.min(smallestRecord, bytes);
          largestRecord = Math.max(largestRecord, bytes);
        }
        interrupts += kind[r][n] == INTERRUPT ? 1 : 0;
        n++;
      }
      counters[r] = n;
      interrupting |= interrupts > 0;
      // two interrupting counters would have to interleave their PMIs in time order
      twoInterrupting |= interrupts > 1;
    }
  }
}
