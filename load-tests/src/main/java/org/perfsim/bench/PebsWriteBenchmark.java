package org.perfsim.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.perfsim.cpu.CpuModel;
import org.perfsim.pmu.CpuState;
import org.perfsim.pmu.DsAreaFields;
import org.perfsim.pmu.EmulatedPmu;
import org.perfsim.pmu.EventSelect;
import org.perfsim.pmu.HostAddressSpace;
import org.perfsim.pmu.Msr;
import org.perfsim.pmu.PebsRecordLayout;
import org.perfsim.pmu.PebsRecordWriter;
import org.perfsim.pmu.PmuOptions;
import org.perfsim.pmu.PmuSink;

/**
 * Emulated PEBS records per second on one core, host context: {@link #emulatedAssist} runs slices through
 * the PMU's real assist path (closed-form counter arithmetic, record written into the preallocated DS
 * buffer, threshold PMI, perf's drain inline), {@link #baselineCopy} only copies a prepared record of the
 * same bytes ({@code System.arraycopy}, the fastest copy) into the backing array of a buffer of the same
 * size and kind, and drains at the same threshold. Both count one op per record.
 * Run: {@code java -jar load-tests/target/benchmarks.jar PebsWrite -f 1 -wi 3 -i 5 -w 1 -r 1}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PebsWriteBenchmark {

  /** Records per benchmark invocation (one slice). */
  static final int RECORDS_PER_SLICE = 1024;
  /** Cycles between samples: 4000 Hz at 3 GHz would be 750 000; the period does not change the cost. */
  static final long PERIOD = 10_000;
  /** The kernel's PEBS buffer: PAGE_SIZE << 4. */
  static final int BUFFER_BYTES = 64 * 1024;
  static final long MHZ = 3000;

  /** nehalem writes format 1 (176-byte) records, skylake format 3 (200-byte). */
  @Param({"nehalem", "skylake"})
  public String model;

  private EmulatedPmu pmu;
  private EmulatedPmu interleavedPmu;
  private CpuState state;
  private final DrainCounter sink = new DrainCounter();
  private long nanos;
  private long interleavedNanos;

  private byte[] preparedRecord;
  private ByteBuffer baselineBuffer;
  private int baselineIndex;
  private int thresholdBytes;
  private long baselineDrained;

  /** Counts drained records and PMIs, as the cheapest possible consumer of the host drain. */
  static final class DrainCounter implements PmuSink {
    long records;
    long pmis;

    @Override
    public void pmi(long simTimeNanos, int counterBit, PmiReason reason, int guestId) {
      pmis++;
    }

    @Override
    public void hostRecordsDrained(ByteBuffer dsBuffer, int bytes, long records, long firstNanos,
        long lastNanos) {
      this.records += records;
    }
  }

  @Setup
  public void setUp() {
    CpuModel cpu = CpuModel.byId(model).orElseThrow();
    int recordBytes = cpu.pebsFormat().orElseThrow().baseRecordBytes();
    int capacity = BUFFER_BYTES / recordBytes;
    thresholdBytes = capacity * recordBytes;
    state = CpuState.random(new java.util.SplittableRandom(2012), 0xffffffff8100_0000L);

    pmu = programmedPmu(cpu, false);
    interleavedPmu = programmedPmu(cpu, true);

    preparedRecord = new PebsRecordWriter(PebsRecordLayout.of(cpu.pebsFormat().orElseThrow()))
        .toBytes(state, 1, 0);
    baselineBuffer = ByteBuffer.allocate(thresholdBytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * perf record -e cycles:pp on the host: PMC0 precise cycles every {@link #PERIOD}, the DS reset value
   * reloading the same period, the threshold at the end of a 64 KiB buffer (drains when full). With
   * {@code interleaved}, PMC1 counts the same way half a period out of phase (instructions, one per
   * cycle), so records alternate between the counters and each takes the one-by-one path.
   */
  private EmulatedPmu programmedPmu(CpuModel cpu, boolean interleaved) {
    HostAddressSpace host = HostAddressSpace.linux2012(16L << 30);
    EmulatedPmu emulated = new EmulatedPmu(cpu, host, PmuOptions.perfHandler(MHZ, Long.MAX_VALUE));
    long base = host.linearOf(0x1240_0000L);
    long dsArea = host.linearOf(0x1234_5000L);
    long[] reset = new long[cpu.generalCounters()];
    reset[0] = -PERIOD;
    reset[1] = -PERIOD;
    emulated.hostFillsDsArea(dsArea, new DsAreaFields(0, 0, 0, 0, base, base, base + thresholdBytes,
        base + thresholdBytes, reset));
    long os = EventSelect.USR | EventSelect.OS | EventSelect.EN;
    require(emulated.wrmsr(Msr.IA32_DS_AREA, dsArea).ok());
    require(emulated.wrmsr(Msr.perfEvtSel(0), 0x108000c0L | os).ok());
    require(emulated.wrmsr(Msr.pmc(0), -PERIOD).ok());
    require(emulated.wrmsr(Msr.perfEvtSel(1), 0xc0L | os).ok());
    require(emulated.wrmsr(Msr.pmc(1), -PERIOD / 2).ok());
    require(emulated.wrmsr(Msr.IA32_PEBS_ENABLE, interleaved ? 3 : 1).ok());
    require(emulated.wrmsr(Msr.IA32_PERF_GLOBAL_CTRL, interleaved ? 3 : 1).ok());
    return emulated;
  }

  private static void require(boolean ok) {
    if (!ok) {
      throw new IllegalStateException("benchmark set-up: a wrmsr faulted");
    }
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS_PER_SLICE)
  public long emulatedAssist() {
    long cycles = RECORDS_PER_SLICE * PERIOD;
    long duration = cycles * 1000 / MHZ;
    pmu.runSlice(cycles, cycles, state, nanos, duration, sink);
    nanos += duration;
    return sink.records;
  }

  /** Two PEBS counters whose records alternate: no runs, every record through the general path. */
  @Benchmark
  @OperationsPerInvocation(RECORDS_PER_SLICE)
  public long emulatedAssistInterleaved() {
    long cycles = RECORDS_PER_SLICE / 2 * PERIOD;
    long duration = cycles * 1000 / MHZ;
    interleavedPmu.runSlice(cycles, cycles, state, interleavedNanos, duration, sink);
    interleavedNanos += duration;
    return sink.records;
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS_PER_SLICE)
  public long baselineCopy() {
    // Locals only: the tightest loop that copies and drains, so the ratio errs against the emulation.
    int size = preparedRecord.length;
    byte[] record = preparedRecord;
    byte[] memory = baselineBuffer.array();
    int index = baselineIndex;
    int threshold = thresholdBytes;
    long drained = baselineDrained;
    for (int i = 0; i < RECORDS_PER_SLICE; i++) {
      System.arraycopy(record, 0, memory, index, size);
      index += size;
      if (index >= threshold) {
        drained += index / size;
        index = 0;
      }
    }
    baselineIndex = index;
    baselineDrained = drained;
    return drained;
  }
}
