package org.perfsim.pmu;

/**
 * One slice of execution in one context: every counting counter advances in closed form, each overflow is
 * found from the counter's value and period, and overflows are handled in time order (ties: lowest slot).
 */
final class SliceRunner {

  private final PmuRegisters regs;
  private final DsArea ds;
  private final PebsAssist assist;
  private final Tally tally;
  private final PmuOptions options;
  private final SliceSlots s;
  private final ClosedFormSkip skip;
  private final SliceClock clock = new SliceClock();
  private final HostRecordRun hostRun;

  SliceRunner(PmuRegisters regs, DsArea ds, PebsAssist assist, Tally tally, PmuOptions options) {
    this.regs = regs;
    this.ds = ds;
    this.assist = assist;
    this.tally = tally;
    this.options = options;
    this.s = new SliceSlots(regs.slots(), regs.width);
    this.skip = new ClosedFormSkip(regs, ds, tally, s);
    this.hostRun = new HostRecordRun(regs, ds, assist, tally, s, clock);
  }

  /**
   * @param guestId {@link PmuSink#HOST} or the running guest
   * @param guestSpace the guest's page tables (null in host context)
   */
  void run(long cycles, long instructions, CpuState state, long startNanos, long durationNanos, Ring ring,
      int guestId, AddressSpace guestSpace, PmuSink sink) {
    prepare(cycles, instructions, ring, guestId != PmuSink.HOST);
    clock.reset(startNanos, durationNanos, cycles);
    assist.materialized = 0;
    boolean host = guestId == PmuSink.HOST;
    boolean skipPossible = host && options.inlineHandler();
    for (int a = s.earliest(); a >= 0; a = s.earliest()) {
      if (skipPossible && assist.materialized >= options.materializeHostRecords() && ds.hostIndexOff == 0) {
        skipPossible = skip.trySkip(startNanos, durationNanos, sink);
        if (skipPossible) {
          continue;
        }
      }
      long run = host ? hostRun.length(a) : 0;
      if (run > 1) {
        hostRun.write(a, run, state);
      } else {
        overflow(a, state, clock.nanosAt(s.nextOffset[a]), guestId, guestSpace, sink);
      }
    }
    for (int a = 0; a < s.count; a++) {
      regs.value[s.slot[a]] = s.valueAtEnd(a, regs.counterMask);
    }
  }

  private void prepare(long cycles, long instructions, Ring ring, boolean inGuest) {
    s.count = 0;
    s.cycles = cycles;
    s.instructions = instructions;
    for (int slot = 0; slot < regs.slots(); slot++) {
      EventSelect.CountedEvent event = regs.eventOf(slot);
      boolean instructionsEvent = event == EventSelect.CountedEvent.INSTRUCTIONS;
      if (event == EventSelect.CountedEvent.NONE || !regs.counts(slot, ring) || !regs.countsIn(slot, inGuest)
          || (instructionsEvent && instructions == 0)) {
        continue;
      }
      boolean pebs = regs.hasPebs() && regs.pebsEnabled(slot);
      int a = s.add(slot, regs.bitOf(slot), pebs, regs.interruptEnabled(slot), instructionsEvent,
          regs.value[slot]);
      s.writer[a] = pebs ? assist.writerFor(slot) : null;
      s.reload[a] = hardwareReload(s.bit[a]);
      s.rearm[a] = regs.programmed[slot];
    }
  }

  private void overflow(int a, CpuState state, long nanos, int guestId, AddressSpace guestSpace,
      PmuSink sink) {
    int bit = s.bit[a];
    s.mark[a] = s.nextOverflow[a];
    regs.globalStatus |= 1L << bit;
    long after;
    if (s.pebs[a]) {
      boolean rearmed = guestId == PmuSink.HOST ? assist.hostRecord(s.writer[a], bit, nanos, state, sink)
          : assist.guestRecord(s.writer[a], bit, nanos, state, guestId, guestSpace, sink);
      after = rearmed ? s.rearm[a] : s.reload[a];
    } else {
      after = 0; // the counter wrapped
      if (s.interrupt[a]) {
        tally.pmis++;
        sink.pmi(nanos, bit, PmuSink.PmiReason.COUNTER_OVERFLOW, guestId);
        if (options.inlineHandler()) {
          after = s.rearm[a];
          regs.globalStatus &= ~(1L << bit);
        }
      }
    }
    s.valueAtMark[a] = after;
    s.scheduleNext(a, s.periodFrom(after));
  }

  /** The PEBS counter reset value the assist reloads from the DS area (zeros if it finds no area). */
  private long hardwareReload(int bit) {
    return ds.activeFor(regs.dsArea) ? ds.resetFor(bit) & regs.counterMask : 0;
  }
}
