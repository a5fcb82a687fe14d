package org.perfsim.pmu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.perfsim.cpu.CpuModel;

/** The DS area's PEBS index: the interrupt threshold, the absolute maximum, and the host kernel's drain. */
class DsAreaThresholdTest {

  private static final int NHM_RECORD = 176;
  private static final long PERIOD = 100;

  private static HostKernel ivyBridge(PmuOptions options, long capacity, long threshold) {
    return new HostKernel(CpuModel.IVYBRIDGE, options).dsArea(NHM_RECORD, capacity, threshold, -PERIOD)
        .counter(0, HostKernel.preciseCycles(), PERIOD, true);
  }

  /** {@code overflows} PEBS overflows in one slice: period 100 cycles, the DS reset value reloads 100. */
  private static RecordingSink run(HostKernel kernel, int overflows) {
    RecordingSink sink = new RecordingSink();
    assertEquals(SliceStatus.RAN,
        kernel.pmu.runSlice(overflows * PERIOD, 1, HostKernel.state(), 0, overflows * PERIOD, sink));
    return sink;
  }

  @Test
  void thePmiComesWithTheRecordThatReachesTheThreshold() {
    HostKernel kernel = ivyBridge(PmuOptions.hardwareOnly(3000), 10, 3);
    RecordingSink sink = run(kernel, 4);
    assertEquals(List.of(new RecordingSink.Pmi(300, 0, PmuSink.PmiReason.PEBS_THRESHOLD, PmuSink.HOST),
        new RecordingSink.Pmi(400, 0, PmuSink.PmiReason.PEBS_THRESHOLD, PmuSink.HOST)), sink.pmis,
        "the third record reaches the threshold, and every record past it raises one too");
    assertTrue((kernel.read(Msr.IA32_PERF_GLOBAL_STATUS) & Msr.GLOBAL_STATUS_OVF_BUFFER) != 0);
    assertEquals(HostKernel.BUFFER_LINEAR + 4 * NHM_RECORD, kernel.pmu.hostDsArea().orElseThrow().pebsIndex());
  }

  @Test
  void atTheAbsoluteMaximumTheAssistWritesNothingAndCountsTheDrop() {
    HostKernel kernel = ivyBridge(PmuOptions.hardwareOnly(3000), 5, 100);
    RecordingSink sink = run(kernel, 8);
    assertEquals(5, kernel.pmu.stats().hostRecordsWritten());
    assertEquals(3, kernel.pmu.stats().droppedBufferFull());
    assertEquals(3, sink.drops.size());
    assertTrue(sink.drops.stream().allMatch(d -> d.reason() == PmuSink.DropReason.BUFFER_FULL));
    assertEquals(HostKernel.BUFFER_LINEAR + 5 * NHM_RECORD, kernel.pmu.hostDsArea().orElseThrow().pebsIndex());
    assertEquals(0, sink.pmis.size(), "a threshold above the maximum is never reached");
  }

  @Test
  void theHostDrainReportsTheRecordsAndResetsTheIndexToBase() {
    HostKernel kernel = ivyBridge(PmuOptions.hardwareOnly(3000), 10, 10);
    run(kernel, 3);
    byte[] written = kernel.pmu.hostBufferBytes();
    RecordingSink drain = new RecordingSink();
    assertEquals(3, kernel.pmu.drainHostBuffer(drain));
    assertEquals(1, drain.drains.size());
    assertArrayEquals(written, drain.drains.get(0).bytes());
    assertEquals(100, drain.drains.get(0).firstNanos());
    assertEquals(300, drain.drains.get(0).lastNanos());
    assertEquals(HostKernel.BUFFER_LINEAR, kernel.pmu.hostDsArea().orElseThrow().pebsIndex());
    assertEquals(0, kernel.pmu.drainHostBuffer(drain), "nothing left");
  }

  @ParameterizedTest(name = "threshold {0} records, {1} overflows: {2} drains")
  @CsvSource({"1, 7, 7", "3, 7, 2", "3, 9, 3", "10, 7, 0"})
  void perfsHandlerInlineDrainsAtEveryThreshold(int threshold, int overflows, int drains) {
    HostKernel kernel = ivyBridge(PmuOptions.perfHandler(3000, Long.MAX_VALUE), 10, threshold);
    RecordingSink sink = run(kernel, overflows);
    assertEquals(drains, sink.drains.size());
    assertEquals(drains * threshold, sink.drainedRecords());
    assertEquals(overflows - drains * threshold, kernel.pmu.hostBufferBytes().length / NHM_RECORD,
        "what is left waits for the next drain");
    assertEquals(0, kernel.read(Msr.IA32_PERF_GLOBAL_STATUS) & Msr.GLOBAL_STATUS_OVF_BUFFER);
  }

  @Test
  void withDsAreaPointingElsewhereTheAssistFindsAZeroedAreaDropsAndReloadsZero() {
    HostKernel kernel = ivyBridge(PmuOptions.hardwareOnly(3000), 10, 10)
        .write(Msr.IA32_DS_AREA, HostKernel.HOST.linearOf(0x9999_0000L));
    run(kernel, 3);
    assertEquals(0, kernel.pmu.stats().hostRecordsWritten());
    assertEquals(1, kernel.pmu.stats().droppedBufferFull(), "reset value 0: no second overflow this slice");
    assertEquals(200, kernel.read(Msr.pmc(0)));
  }

  @ParameterizedTest(name = "base 0x{0}, maximum 0x{1}: rejected")
  @CsvSource({"ffff880012400000, ffff8800123ff000", "ffff880012400000, ffff880022400000",
      "ffffc90000000000, ffffc90000010000", "ffff880400000000, ffff880400010000"})
  void aBufferNotInHostRamIsRejected(String baseHex, String maxHex) {
    long base = Long.parseUnsignedLong(baseHex, 16);
    long max = Long.parseUnsignedLong(maxHex, 16);
    EmulatedPmu pmu = new EmulatedPmu(CpuModel.IVYBRIDGE, HostKernel.HOST, PmuOptions.hardwareOnly(3000));
    DsAreaFields fields = new DsAreaFields(0, 0, 0, 0, base, base, max, max, new long[4]);
    assertInstanceOf(DsAreaResult.Rejected.class, pmu.hostFillsDsArea(HostKernel.DS_LINEAR, fields));
    assertTrue(pmu.hostDsArea().isEmpty());
  }

  @Test
  void theCounterReloadsFromTheDsResetValueAfterEachRecord() {
    HostKernel kernel = new HostKernel(CpuModel.IVYBRIDGE, PmuOptions.hardwareOnly(3000))
        .dsArea(NHM_RECORD, 100, 100, -40).counter(0, HostKernel.preciseCycles(), 100, true);
    RecordingSink sink = new RecordingSink();
    kernel.pmu.runSlice(250, 1, HostKernel.state(), 0, 250, sink);
    assertEquals(4, kernel.pmu.stats().hostRecordsWritten(), "at 100, then every 40: 140, 180, 220");
    assertEquals((-40 + 30) & 0xffffffffffffL, kernel.read(Msr.pmc(0)), "30 cycles past the last reload");
  }
}
