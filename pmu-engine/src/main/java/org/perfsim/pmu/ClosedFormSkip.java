package org.perfsim.pmu;

/**
 * Counts host-context records in closed form instead of writing them, for records that would be written and
 * drained within the same slice. Applies in steady state only: perf's handler runs inline, the host index is
 * at base, every PEBS counter writes records of one size, the buffer drains every C records before the
 * absolute maximum, and each counter's period is fixed (C = 1, or the DS reset value equals the value the
 * handler re-arms with). The skip ends exactly at a drain, so the index is back at base and the records the
 * slice leaves in the buffer are still written byte for byte.
 */
final class ClosedFormSkip {

  private static final int TIE_ATTEMPTS = 8;

  private final PmuRegisters regs;
  private final DsArea ds;
  private final Tally tally;
  private final SliceSlots s;
  private final long[] period;

  ClosedFormSkip(PmuRegisters regs, DsArea ds, Tally tally, SliceSlots slots) {
    this.regs = regs;
    this.ds = ds;
    this.tally = tally;
    this.s = slots;
    this.period = new long[slots.slot.length];
  }

  /**
   * Skips as many whole drain cycles as the rest of the slice holds. Returns false when no skip is possible
   * for the rest of the slice (the caller then stops asking).
   */
  boolean trySkip(long startNanos, long durationNanos, PmuSink sink) {
    long perDrain = recordsPerDrainIfSteady();
    if (perDrain == 0) {
      return false;
    }
    long target = recordsUpTo(s.cycles) / perDrain * perDrain;
    for (int attempt = 0; attempt < TIE_ATTEMPTS && target > 0; attempt++) {
      long end = firstOffsetReaching(target);
      long reached = recordsUpTo(end);
      if (reached == target) {
        apply(end, target, perDrain, startNanos, durationNanos, sink);
        return true;
      }
      // Records of several counters share the offset where the target falls: end the skip before them.
      target = recordsUpTo(end - 1) / perDrain * perDrain;
    }
    return false;
  }

  private long recordsPerDrainIfSteady() {
    int size = -1;
    for (int a = 0; a < s.count; a++) {
      if (s.pebs[a]) {
        int bytes = s.writer[a].recordBytes();
        if (size >= 0 && bytes != size) {
          return 0;
        }
        size = bytes;
      }
      period[a] = s.pebs[a] || s.interrupt[a] ? s.periodFrom(s.rearm[a]) : s.wrap();
    }
    if (size < 0 || !ds.activeFor(regs.dsArea) || ds.hostIndexOff != 0) {
      return 0;
    }
    long perDrain = ds.recordsPerDrain(size);
    // With a PMI after every record the handler always re-arms; otherwise the hardware's reload must match.
    return perDrain == 1 || reloadsMatchRearm() ? perDrain : 0;
  }

  private boolean reloadsMatchRearm() {
    for (int a = 0; a < s.count; a++) {
      if (s.pebs[a] && s.reload[a] != s.rearm[a]) {
        return false;
      }
    }
    return true;
  }

  private long recordsUpTo(long offset) {
    long n = 0;
    for (int a = 0; a < s.count; a++) {
      if (s.pebs[a]) {
        n += s.overflowsUpTo(a, offset, period[a]);
      }
    }
    return n;
  }

  private long firstOffsetReaching(long target) {
    long lo = 0;
    long hi = s.cycles;
    while (lo < hi) {
      long mid = lo + (hi - lo) / 2;
      if (recordsUpTo(mid) >= target) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  private void apply(long end, long records, long perDrain, long startNanos, long durationNanos,
      PmuSink sink) {
    long drains = records / perDrain;
    long pmis = drains;
    long first = SliceSlots.NEVER;
    for (int a = 0; a < s.count; a++) {
      long n = s.overflowsUpTo(a, end, period[a]);
      if (n == 0) {
        continue;
      }
      if (s.pebs[a]) {
        first = Math.min(first, s.nextOffset[a]);
      } else if (s.interrupt[a]) {
        pmis += n;
      } else {
        regs.globalStatus |= 1L << s.bit[a];
      }
      boolean rearmed = s.pebs[a] || s.interrupt[a];
      s.mark[a] = s.nextOverflow[a] + (n - 1) * period[a];
      s.valueAtMark[a] = rearmed ? s.rearm[a] : 0;
      s.scheduleNext(a, period[a]);
    }
    // The skip ends at a drain: the handler has acked the PEBS bits and the index is at base.
    regs.globalStatus &= ~(regs.pebsEnable | Msr.GLOBAL_STATUS_OVF_BUFFER);
    tally.hostRecordsCounted += records;
    tally.pmis += pmis;
    tally.drains += drains;
    sink.hostRecordsCounted(records, pmis, timeOf(first, startNanos, durationNanos),
        timeOf(end, startNanos, durationNanos));
  }

  private long timeOf(long offset, long startNanos, long durationNanos) {
    return startNanos + MulDiv.floor(offset, durationNanos, s.cycles);
  }
}
