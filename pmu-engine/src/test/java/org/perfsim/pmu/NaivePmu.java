package org.perfsim.pmu;

import java.util.ArrayList;
import java.util.List;

/**
 * The reference the batched PMU is checked against: general counters on one host CPU, advanced one event
 * at a time, cycle by cycle (instruction k retires at cycle ceil(k * cycles / instructions)), with the same
 * rules written the obvious way.
 */
final class NaivePmu {

  /** One general counter as the kernel programmed it. */
  record Counter(boolean instructions, boolean usr, boolean os, boolean pebs, boolean interrupt,
      long startPeriod, long resetPeriod) {}

  private static final long MASK = (1L << 48) - 1;

  final List<Counter> counters;
  final long[] value;
  final long[] programmed;
  final int recordBytes;
  final long maxOff;
  final long thresholdOff;
  final boolean inline;
  long indexOff;
  long status;
  long records;
  long drops;
  final List<RecordingSink.Pmi> pmis = new ArrayList<>();

  NaivePmu(List<Counter> counters, int recordBytes, long capacity, long threshold, boolean inline) {
    this.counters = counters;
    this.value = new long[counters.size()];
    this.programmed = new long[counters.size()];
    for (int i = 0; i < counters.size(); i++) {
      value[i] = -counters.get(i).startPeriod() & MASK;
      programmed[i] = value[i];
    }
    this.recordBytes = recordBytes;
    this.maxOff = capacity * recordBytes;
    this.thresholdOff = threshold * recordBytes;
    this.inline = inline;
  }

  /** A slice whose cycle t happens at nanosecond start + t (duration == cycles). */
  void slice(long cycles, long instructions, long startNanos, Ring ring) {
    for (long t = 1; t <= cycles; t++) {
      for (int i = 0; i < counters.size(); i++) {
        Counter c = counters.get(i);
        if (!(ring == Ring.KERNEL ? c.os() : c.usr())) {
          continue;
        }
        long events = c.instructions() ? t * instructions / cycles - (t - 1) * instructions / cycles : 1;
        for (long e = 0; e < events; e++) {
          value[i] = (value[i] + 1) & MASK;
          if (value[i] == 0) {
            overflow(i, startNanos + t);
          }
        }
      }
    }
  }

  private void overflow(int i, long nanos) {
    Counter c = counters.get(i);
    status |= 1L << i;
    if (c.pebs()) {
      value[i] = -c.resetPeriod() & MASK;
      if (indexOff + recordBytes > maxOff) {
        drops++;
        return;
      }
      records++;
      indexOff += recordBytes;
      if (indexOff >= thresholdOff) {
        pmis.add(new RecordingSink.Pmi(nanos, i, PmuSink.PmiReason.PEBS_THRESHOLD, PmuSink.HOST));
        status |= Msr.GLOBAL_STATUS_OVF_BUFFER;
        if (inline) {
          indexOff = 0;
          value[i] = programmed[i];
          status &= ~(pebsMask() | Msr.GLOBAL_STATUS_OVF_BUFFER);
        }
      }
    } else if (c.interrupt()) {
      pmis.add(new RecordingSink.Pmi(nanos, i, PmuSink.PmiReason.COUNTER_OVERFLOW, PmuSink.HOST));
      if (inline) {
        value[i] = programmed[i];
        status &= ~(1L << i);
      }
    }
  }

  private long pebsMask() {
    long m = 0;
    for (int i = 0; i < counters.size(); i++) {
      m |= counters.get(i).pebs() ? 1L << i : 0;
    }
    return m;
  }
}
