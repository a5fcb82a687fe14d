package org.perfsim.pmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.perfsim.cpu.CpuModel;

/** Host-context slices, records, PMIs and drains included, allocate nothing once the PMU is set up. */
class HotPathAllocationTest {

  /** Counts PMIs (one by one or counted in closed form) and drained records in primitive fields. */
  private static final class CountingSink implements PmuSink {
    long pmis;
    long drained;

    @Override
    public void pmi(long simTimeNanos, int counterBit, PmiReason reason, int guestId) {
      pmis++;
    }

    @Override
    public void hostRecordsDrained(java.nio.ByteBuffer dsBuffer, int bytes, long records, long firstNanos,
        long lastNanos) {
      drained += records;
    }

    @Override
    public void hostRecordsCounted(long records, long pmis, long firstNanos, long lastNanos) {
      this.pmis += pmis;
    }
  }

  @ParameterizedTest(name = "{0}, materialize {1}")
  @CsvSource({"nehalem, 9223372036854775807", "skylake, 9223372036854775807", "skylake, 0"})
  void hostSlicesAllocateNothing(String model, long materialize) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isThreadAllocatedMemorySupported());
    threads.setThreadAllocatedMemoryEnabled(true);
    CpuModel cpu = CpuModel.byId(model).orElseThrow();
    int recordBytes = cpu.pebsFormat().orElseThrow().baseRecordBytes();
    HostKernel kernel = new HostKernel(cpu, PmuOptions.perfHandler(3000, materialize))
        .dsArea(recordBytes, 300, 250, -1000).counter(0, HostKernel.preciseCycles(), 1000, true)
        .counter(1, EventSelect.counting(0xc0, 0, true, true).withInterrupt(true).encode(), 5000, false);
    CpuState state = HostKernel.state();
    CountingSink sink = new CountingSink();
    runSlices(kernel.pmu, state, sink, 200); // warm up: class loading and JIT happen here

    long thread = Thread.currentThread().getId();
    threads.getThreadAllocatedBytes(thread); // its own first call may allocate
    long before = threads.getThreadAllocatedBytes(thread);
    runSlices(kernel.pmu, state, sink, 200);
    long allocated = threads.getThreadAllocatedBytes(thread) - before;

    // 200 slices x 1000 records: one allocation per slice would already be 200 x 16 bytes. The slack
    // below that absorbs the JIT's own one-off allocations on this thread on a loaded machine.
    assertTrue(allocated < 1024, "bytes allocated by 200 slices of 1000 records: " + allocated);
    assertEquals(kernel.pmu.stats().pmis(), sink.pmis);
  }

  private static void runSlices(EmulatedPmu pmu, CpuState state, PmuSink sink, int slices) {
    for (int i = 0; i < slices; i++) {
      pmu.runSlice(1_000_000, 800_000, state, i * 333_333L, 333_333, sink);
    }
  }
}
