package org.perfsim.pmu;

import java.lang.invoke.VarHandle;

/**
 * The host path's fast lane: a PEBS counter's overflows that come before any other counter's, before the
 * interrupt threshold and before the absolute maximum form a regular run (same counter, same status bits,
 * the DS reset period between them). The run is written in a tight loop, one record copy and one TSC
 * store each, and the bookkeeping is done once for the whole run. The result is the same as handling the
 * overflows one by one.
 */
final class HostRecordRun {

  private static final VarHandle LITTLE_ENDIAN_LONG = PebsRecordWriter.LITTLE_ENDIAN_LONG;

  private final PmuRegisters regs;
  private final DsArea ds;
  private final PebsAssist assist;
  private final Tally tally;
  private final SliceSlots s;
  private final SliceClock clock;

  HostRecordRun(PmuRegisters regs, DsArea ds, PebsAssist assist, Tally tally, SliceSlots slots,
      SliceClock clock) {
    this.regs = regs;
    this.ds = ds;
    this.assist = assist;
    this.tally = tally;
    this.s = slots;
    this.clock = clock;
  }

  /** How many of counter {@code a}'s next overflows form a run (0 or 1: take the general path). */
  long length(int a) {
    if (!s.pebs[a] || !ds.activeFor(regs.dsArea)) {
      return 0;
    }
    // Division-free checks first: most calls on a busy multi-counter slice end here with "no run".
    int size = s.writer[a].recordBytes();
    long twoRecordsOn = ds.hostIndexOff + 2L * size;
    long period = s.periodFrom(s.reload[a]);
    long second = s.nextOverflow[a] + period;
    long othersFirst = SliceSlots.NEVER;
    for (int b = 0; b < s.count; b++) {
      if (b != a) {
        othersFirst = Math.min(othersFirst, s.nextOffset[b]);
      }
    }
    if (ds.hostIndexOff < 0 || twoRecordsOn >= ds.thresholdOff || twoRecordsOn > ds.maxOff
        || second > s.events[a] || (othersFirst != SliceSlots.NEVER && !s.before(a, second, othersFirst))) {
      return 1;
    }
    long records = ds.hostRecordsBeforeThreshold(size);
    // Strictly before the others: at a shared offset the general path orders the counters.
    long lastEvent = othersFirst == SliceSlots.NEVER ? s.events[a] : s.eventsUpTo(a, othersFirst - 1);
    long overflows = 1 + (lastEvent - s.nextOverflow[a]) / period;
    return Math.min(records, overflows);
  }

  /** Writes the {@code count} records of counter {@code a}'s run and moves the counter past it. */
  void write(int a, long count, CpuState state) {
    PebsRecordWriter writer = s.writer[a];
    int size = writer.recordBytes();
    long period = s.periodFrom(s.reload[a]);
    long lastEvent = s.nextOverflow[a] + (count - 1) * period;
    writer.beginRun(state, 1L << s.bit[a]);
    long first = clock.nanosAt(s.offsetOf(a, s.nextOverflow[a]));
    int at = (int) ds.hostIndexOff;
    int records = (int) count; // a run fits in the DS buffer, so in an int
    if (!writer.hasTsc()) {
      copies(writer.runTemplate(), ds.buffer().array(), at, records);
    } else if (!s.countsInstructions[a] && clock.steps() && tscFits(first, count * period)) {
      stampedCopies(writer, at, records, first, period);
    } else {
      long event = s.nextOverflow[a];
      for (int i = 0; i < records; i++, event += period) {
        long tsc = assist.tsc(clock.nanosAt(s.offsetOf(a, event)));
        copyOne(writer, ds.buffer().array(), at + i * size, tsc);
      }
    }
    long last = clock.nanosAt(s.offsetOf(a, lastEvent));
    ds.hostRunWritten(count, size, first, last);
    tally.hostRecordsWritten += count;
    assist.materialized += count;
    regs.globalStatus |= 1L << s.bit[a];
    s.mark[a] = lastEvent;
    s.valueAtMark[a] = s.reload[a];
    s.scheduleNext(a, period);
  }

  /** Records without a TSC are identical within a run. */
  private static void copies(byte[] template, byte[] memory, int at, int records) {
    for (int i = 0; i < records; i++) {
      System.arraycopy(template, 0, memory, at + i * template.length, template.length);
    }
  }

  private static void copyOne(PebsRecordWriter writer, byte[] memory, int at, long tsc) {
    byte[] template = writer.runTemplate();
    System.arraycopy(template, 0, memory, at, template.length);
    LITTLE_ENDIAN_LONG.set(memory, at + writer.tscOffset(), tsc);
  }

  /** TSC times nanoseconds stays in a long over the run (about ten simulated days at 10 GHz). */
  private boolean tscFits(long firstNanos, long runCycles) {
    long lastNanos = firstNanos + MulDiv.floor(runCycles, clock.duration(), clock.cycles()) + 1;
    return Math.multiplyHigh(lastNanos, assist.tscMhz()) == 0 && lastNanos * assist.tscMhz() >= 0;
  }

  /**
   * A cycles counter's run: records a fixed number of cycles apart, so their times step by the same
   * quotient and remainder. Locals only, so the loop is one copy, a few adds and one store per record.
   */
  private void stampedCopies(PebsRecordWriter writer, int at, int records, long first, long period) {
    byte[] template = writer.runTemplate();
    byte[] memory = ds.buffer().array();
    int size = template.length;
    int tscAt = writer.tscOffset();
    long mhz = assist.tscMhz();
    long cycles = clock.cycles();
    long stepQuotient = MulDiv.floor(period, clock.duration(), cycles);
    long stepRemainder = MulDiv.remainder(period, clock.duration(), cycles, stepQuotient);
    long nanos = first;
    long remainder = clock.remainder();
    for (int i = 0; i < records; i++) {
      int record = at + i * size;
      System.arraycopy(template, 0, memory, record, size);
      LITTLE_ENDIAN_LONG.set(memory, record + tscAt, nanos * mhz / 1000);
      nanos += stepQuotient;
      remainder += stepRemainder;
      if (remainder >= cycles) {
        remainder -= cycles;
        nanos++;
      }
    }
  }
}
