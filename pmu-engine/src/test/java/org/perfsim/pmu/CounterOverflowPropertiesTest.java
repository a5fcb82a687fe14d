package org.perfsim.pmu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;
import org.perfsim.pmu.NaivePmu.Counter;
import org.perfsim.cpu.CpuModel;

/**
 * Overflow arithmetic: the batched slice finds the same overflows, records, PMIs and end state as emulating
 * one event at a time; and counting host records in closed form leaves the same state as writing them all.
 */
class CounterOverflowPropertiesTest {

  private static final int RECORD = 176;

  @Provide
  Arbitrary<NaivePmu.Counter> counters() {
    Arbitrary<Boolean> flag = Arbitraries.of(true, false);
    Arbitrary<Boolean> mostly = Arbitraries.of(true, true, true, false);
    Arbitrary<Long> period = Arbitraries.longs().between(1, 300);
    return Combinators.combine(flag, mostly, mostly, flag, flag, period, period).as(NaivePmu.Counter::new);
  }

  private static HostKernel program(List<NaivePmu.Counter> counters, PmuOptions options, long capacity,
      long threshold, long[] resets) {
    HostKernel kernel = new HostKernel(CpuModel.IVYBRIDGE, options).dsArea(RECORD, capacity, threshold, 0);
    DsAreaFields filled = kernel.pmu.hostDsArea().orElseThrow();
    kernel.pmu.hostFillsDsArea(HostKernel.DS_LINEAR, new DsAreaFields(0, 0, 0, 0, filled.pebsBufferBase(),
        filled.pebsIndex(), filled.pebsAbsoluteMaximum(), filled.pebsInterruptThreshold(), resets));
    for (int i = 0; i < counters.size(); i++) {
      NaivePmu.Counter c = counters.get(i);
      long evtsel = (c.instructions() ? 0xc0 : HostKernel.CYCLES_P_EVENT) | EventSelect.EN
          | (c.usr() ? EventSelect.USR : 0) | (c.os() ? EventSelect.OS : 0)
          | (c.interrupt() ? EventSelect.INT : 0);
      kernel.counter(i, evtsel, c.startPeriod(), c.pebs());
    }
    return kernel;
  }

  private static long[] resets(List<NaivePmu.Counter> counters) {
    long[] resets = new long[4];
    for (int i = 0; i < counters.size(); i++) {
      resets[i] = -counters.get(i).resetPeriod();
    }
    return resets;
  }

  @Property(tries = 300)
  void aSliceFindsTheSameOverflowsAsStepByStepEmulation(
      @ForAll @Size(min = 1, max = 4) List<@From("counters") Counter> counters,
      @ForAll @IntRange(min = 1, max = 12) int capacity, @ForAll @IntRange(max = 14) int threshold,
      @ForAll boolean inline, @ForAll boolean userRing,
      @ForAll @LongRange(min = 1, max = 1500) long cycles1, @ForAll @LongRange(max = 3000) long instructions1,
      @ForAll @LongRange(min = 1, max = 1500) long cycles2, @ForAll @LongRange(max = 3000) long instructions2) {
    PmuOptions options = inline ? PmuOptions.perfHandler(3000, Long.MAX_VALUE) : PmuOptions.hardwareOnly(3000);
    HostKernel kernel = program(counters, options, capacity, threshold, resets(counters));
    NaivePmu naive = new NaivePmu(counters, RECORD, capacity, threshold, inline);
    Ring ring = userRing ? Ring.USER : Ring.KERNEL;
    kernel.pmu.setRing(ring);
    RecordingSink sink = new RecordingSink();

    kernel.pmu.runSlice(cycles1, instructions1, HostKernel.state(), 0, cycles1, sink);
    naive.slice(cycles1, instructions1, 0, ring);
    kernel.pmu.runSlice(cycles2, instructions2, HostKernel.state(), 10_000, cycles2, sink);
    naive.slice(cycles2, instructions2, 10_000, ring);

    assertEquals(naive.pmis, sink.pmis, "PMIs, in time order");
    assertEquals(naive.records, kernel.pmu.stats().hostRecordsWritten() , "records written");
    assertEquals(naive.drops, kernel.pmu.stats().droppedBufferFull(), "records dropped at the maximum");
    for (int i = 0; i < counters.size(); i++) {
      assertEquals(naive.value[i], kernel.read(Msr.pmc(i)), "PMC" + i);
    }
    assertEquals(naive.status, kernel.read(Msr.IA32_PERF_GLOBAL_STATUS), "GLOBAL_STATUS");
    assertEquals(naive.indexOff, kernel.pmu.hostDsArea().orElseThrow().pebsIndex() - HostKernel.BUFFER_LINEAR);
  }

  @Provide
  Arbitrary<NaivePmu.Counter> steadyCounters() {
    Arbitrary<Boolean> flag = Arbitraries.of(true, false);
    Arbitrary<Long> period = Arbitraries.longs().between(20, 5000);
    return Combinators.combine(flag, flag, period).as((instructions, pebs, p) ->
        new NaivePmu.Counter(instructions, true, true, pebs, !pebs, p, p));
  }

  @Property(tries = 150)
  void countingHostRecordsInClosedFormLeavesTheSameStateAsWritingThemAll(
      @ForAll @Size(min = 1, max = 4) List<@From("steadyCounters") Counter> counters,
      @ForAll @IntRange(min = 1, max = 40) int capacity, @ForAll @IntRange(min = 0, max = 40) int threshold,
      @ForAll @IntRange(max = 20) int materialize,
      @ForAll @LongRange(min = 1, max = 400_000) long cycles, @ForAll @LongRange(max = 800_000) long instructions) {
    long[] resets = resets(counters);
    HostKernel written = program(counters, PmuOptions.perfHandler(3000, Long.MAX_VALUE), capacity, threshold,
        resets);
    HostKernel counted = program(counters, PmuOptions.perfHandler(3000, materialize), capacity, threshold,
        resets);
    RecordingSink all = new RecordingSink();
    RecordingSink some = new RecordingSink();
    for (int slice = 0; slice < 2; slice++) {
      written.pmu.runSlice(cycles, instructions, HostKernel.state(), slice * cycles, cycles, all);
      counted.pmu.runSlice(cycles, instructions, HostKernel.state(), slice * cycles, cycles, some);
    }
    PmuStats w = written.pmu.stats();
    PmuStats c = counted.pmu.stats();
    assertEquals(w.hostRecords(), c.hostRecords(), "records, written or counted");
    assertEquals(w.pmis(), c.pmis());
    assertEquals(w.drains(), c.drains());
    assertEquals(w.droppedBufferFull(), c.droppedBufferFull());
    assertEquals(all.drainedRecords(), some.drainedRecords() + c.hostRecordsCounted());
    for (int i = 0; i < counters.size(); i++) {
      assertEquals(written.read(Msr.pmc(i)), counted.read(Msr.pmc(i)), "PMC" + i);
    }
    assertEquals(written.read(Msr.IA32_PERF_GLOBAL_STATUS), counted.read(Msr.IA32_PERF_GLOBAL_STATUS));
    assertArrayEquals(written.pmu.hostBufferBytes(), counted.pmu.hostBufferBytes(),
        "the records left in the buffer are written either way");
  }

  @Provide
  Arbitrary<Ring> rings() {
    return Arbitraries.of(Ring.values());
  }

  @Property(tries = 400)
  void hostPartsCountedInClosedFormEndAsTheyRunOneByOne(
      @ForAll @Size(min = 1, max = 4) List<@From("counters") Counter> counters,
      @ForAll @IntRange(min = 1, max = 12) int capacity, @ForAll @IntRange(max = 3) int threshold,
      @ForAll @Size(min = 1, max = 6) List<@LongRange(min = 1, max = 2000) Long> partCycles,
      @ForAll @Size(min = 6, max = 6) List<@From("rings") Ring> rings, @ForAll @IntRange(max = 3) int ipcThirds) {
    PmuOptions options = PmuOptions.perfHandler(3000, Long.MAX_VALUE);
    HostKernel run = program(counters, options, capacity, threshold, resets(counters));
    HostKernel counted = program(counters, options, capacity, threshold, resets(counters));
    RecordingSink runSink = new RecordingSink();
    RecordingSink countSink = new RecordingSink();
    HostSliceParts parts = new HostSliceParts(6);
    long at = 0;
    for (int k = 0; k < partCycles.size(); k++) {
      long c = partCycles.get(k);
      parts.add(c, c * ipcThirds / 3, at, c, rings.get(k));
      at += c;
    }
    long[] produced = new long[parts.count()];
    for (int k = 0; k < parts.count(); k++) {
      long before = run.pmu.hostRecordsProduced();
      run.pmu.setRing(rings.get(k));
      run.pmu.runSlice(parts.cycles[k], parts.instructions[k], HostKernel.state(), parts.startNanos[k],
          parts.durationNanos[k], runSink);
      produced[k] = run.pmu.hostRecordsProduced() - before;
    }

    boolean closedForm = counted.pmu.countHostSlice(parts, countSink);
    Statistics.label("counted in closed form").collect(closedForm);
    if (!closedForm) {
      assertEquals(List.of(), countSink.pmis, "a refused slice changes nothing");
      assertArrayEquals(program(counters, options, capacity, threshold, resets(counters)).pmu.allRegisters(),
          counted.pmu.allRegisters(), "a refused slice changes nothing");
      return;
    }
    for (int k = 0; k < parts.count(); k++) {
      assertEquals(produced[k], parts.produced(k), "records of part " + k);
    }
    assertArrayEquals(run.pmu.allRegisters(), counted.pmu.allRegisters(), "counts, status and controls");
    assertEquals(run.pmu.hostDsArea().orElseThrow().pebsIndex(), counted.pmu.hostDsArea().orElseThrow().pebsIndex(),
        "the host PEBS index");
    assertEquals(run.pmu.context(), counted.pmu.context(), "the ring the slice ends at");
    PmuStats r = run.pmu.stats();
    PmuStats c = counted.pmu.stats();
    assertEquals(r.hostRecords(), c.hostRecords());
    assertEquals(r.pmis(), c.pmis());
    assertEquals(r.drains(), c.drains());
    assertEquals(0, r.droppedBufferFull());
    assertEquals(runSink.pmis.stream().filter(p -> p.reason() == PmuSink.PmiReason.COUNTER_OVERFLOW).toList(),
        countSink.pmis, "non-precise samples, one by one in time order");
    assertEquals(runSink.drainedRecords(), c.hostRecordsCounted());
    if (c.hostRecordsCounted() > 0) {
      assertEquals(List.of(new RecordingSink.Counted(c.hostRecordsCounted(), c.hostRecordsCounted(),
          runSink.drains.get(0).firstNanos(), runSink.drains.get(runSink.drains.size() - 1).lastNanos())),
          countSink.counted, "one count for the slice, from its first record's time to its last's");
    }
  }

  @Test
  void aSecondOfSamplingAtFourThousandHertzIsCountedNotWritten() {
    long cyclesPerSecond = 3_000_000_000L;
    HostKernel kernel = new HostKernel(CpuModel.IVYBRIDGE, PmuOptions.perfHandler(3000, 0))
        .dsArea(RECORD, 64, 1, 0).counter(0, HostKernel.preciseCycles(), cyclesPerSecond / 4000, true);
    RecordingSink sink = new RecordingSink();
    kernel.pmu.runSlice(cyclesPerSecond, cyclesPerSecond, HostKernel.state(), 0, 1_000_000_000L, sink);
    PmuStats stats = kernel.pmu.stats();
    assertEquals(4000, stats.hostRecords());
    assertEquals(4000, stats.pmis(), "2012 threshold: a PMI per record");
    assertEquals(4000, stats.hostRecordsCounted());
    assertEquals(List.of(new RecordingSink.Counted(4000, 4000, 250_000, 1_000_000_000L)), sink.counted);
    assertTrue(kernel.pmu.hostBufferBytes().length == 0);
  }
}
