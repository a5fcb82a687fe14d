package org.perfsim.pmu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.perfsim.cpu.CpuModel;

/**
 * The 2012 story on an Ivy Bridge host: perf record -e cycles:pp counting in guest mode, IA32_PEBS_ENABLE
 * left on across VM entry, and the PEBS assist writing through the guest's page tables.
 */
class GuestPebsLeakStoryTest {

  private static final int GUEST = 7;
  private static final int RECORD = 176;
  private static final long PERIOD = 2000;
  private static final GuestAddressSpace ONE_GIB_GUEST = GuestAddressSpace.linux2012(1L << 30);
  private static final long DS_GPA = HostKernel.DS_PHYS;
  private static final long BUFFER_GPA = HostKernel.BUFFER_PHYS;

  /** perf's cycles:pp on the host: PMC0, PEBS on, DS area with a one-record threshold as in 2012. */
  private static HostKernel perfRecordPreciseCycles() {
    return HostKernel.hardwareOnly(CpuModel.IVYBRIDGE).dsArea(RECORD, 64, 1, 0)
        .counter(0, HostKernel.preciseCycles(), PERIOD, true);
  }

  /** One guest slice of 5000 cycles: two overflows at cycles 2000 and 4000 if the counter counts. */
  private static RecordingSink runGuestSlice(HostKernel kernel, GuestAddressSpace guest, List<MsrWrite> entry) {
    assertInstanceOf(VmEntryResult.Entered.class, kernel.pmu.enterGuest(GUEST, guest, entry, Ring.USER));
    RecordingSink sink = new RecordingSink();
    kernel.pmu.runSlice(5000, 4000, HostKernel.state(), 1_000_000, 5000, sink);
    kernel.pmu.exitToHost();
    return sink;
  }

  private static long le64(byte[] bytes) {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  @Test
  void kernel2012SwitchListLeavesPebsOnAndTheRecordLandsInGuestMemory() {
    HostKernel kernel = perfRecordPreciseCycles();
    List<MsrWrite> entry2012 = List.of(new MsrWrite(Msr.IA32_PERF_GLOBAL_CTRL, 0x1));
    RecordingSink sink = runGuestSlice(kernel, ONE_GIB_GUEST, entry2012);

    // 2012: the handler was not run inline and the DS reset value is 0, so one overflow this slice.
    assertEquals(2, sink.guestWrites.size(), "the record and the index update");
    GuestPhysicalWrite record = sink.guestWrites.get(0);
    assertEquals(GuestPhysicalWrite.Kind.RECORD, record.kind());
    assertEquals(GUEST, record.guestId());
    assertEquals(BUFFER_GPA, record.guestPhysicalAddress(), "the host's PEBS buffer offset, in guest RAM");
    assertEquals(RECORD, record.length());
    assertEquals(1_002_000, record.simTimeNanos());
    assertEquals(HostKernel.state().nextIp(), ByteBuffer.wrap(record.bytes()).order(ByteOrder.LITTLE_ENDIAN)
        .getLong(8));

    GuestPhysicalWrite index = sink.guestWrites.get(1);
    assertEquals(GuestPhysicalWrite.Kind.DS_INDEX, index.kind());
    assertEquals(DS_GPA + DsAreaFields.PEBS_INDEX_OFFSET, index.guestPhysicalAddress());
    assertEquals(HostKernel.BUFFER_LINEAR + RECORD, le64(index.bytes()));
    assertEquals(List.of(new RecordingSink.Pmi(1_002_000, 0, PmuSink.PmiReason.PEBS_THRESHOLD, GUEST)),
        sink.pmis, "the one-record threshold raises a PMI while the guest runs");
  }

  @Test
  void theGuestWritesLeaveTheHostsOwnBufferUntouched() {
    HostKernel kernel = perfRecordPreciseCycles();
    runGuestSlice(kernel, ONE_GIB_GUEST, List.of(new MsrWrite(Msr.IA32_PERF_GLOBAL_CTRL, 0x1)));
    assertEquals(HostKernel.BUFFER_LINEAR, kernel.pmu.hostDsArea().orElseThrow().pebsIndex());
    assertEquals(0, kernel.pmu.drainHostBuffer(new RecordingSink()));
    assertEquals(0x1, kernel.read(Msr.IA32_PEBS_ENABLE));
  }

  @Test
  void withPerfsHandlerInlineEveryGuestOverflowWritesAtTheNextGuestIndex() {
    HostKernel kernel = new HostKernel(CpuModel.IVYBRIDGE, PmuOptions.perfHandler(3000, 0))
        .dsArea(RECORD, 64, 1, 0).counter(0, HostKernel.preciseCycles(), PERIOD, true);
    RecordingSink sink = runGuestSlice(kernel, ONE_GIB_GUEST,
        List.of(new MsrWrite(Msr.IA32_PERF_GLOBAL_CTRL, 0x1)));
    assertEquals(List.of(BUFFER_GPA, DS_GPA + 40, BUFFER_GPA + RECORD, DS_GPA + 40),
        sink.guestWrites.stream().map(GuestPhysicalWrite::guestPhysicalAddress).toList());
    assertEquals(HostKernel.BUFFER_LINEAR + 2 * RECORD, le64(sink.guestWrites.get(3).bytes()));
    assertEquals(2, kernel.pmu.stats().guestRecordWrites());
  }

  @Test
  void modernKernelsLoadPebsEnableZeroForTheGuestAndNothingReachesIt() {
    HostKernel kernel = perfRecordPreciseCycles();
    RecordingSink sink = runGuestSlice(kernel, ONE_GIB_GUEST, List.of(
        new MsrWrite(Msr.IA32_PERF_GLOBAL_CTRL, 0x1), new MsrWrite(Msr.IA32_PEBS_ENABLE, 0)));
    assertTrue(sink.guestWrites.isEmpty());
    assertEquals(0, kernel.pmu.stats().guestRecordWrites());
    assertEquals(0x1, kernel.read(Msr.IA32_PEBS_ENABLE), "the host's value is back after the exit");
    assertTrue((kernel.read(Msr.IA32_PERF_GLOBAL_STATUS) & 1) != 0, "the counter still counted and overflowed");
  }

  @Test
  void aHostOnlyEventLosesItsGlobalCtrlBitAndDoesNotCountInTheGuest() {
    HostKernel kernel = perfRecordPreciseCycles();
    long before = kernel.read(Msr.pmc(0));
    RecordingSink sink = runGuestSlice(kernel, ONE_GIB_GUEST, List.of(new MsrWrite(Msr.IA32_PERF_GLOBAL_CTRL, 0)));
    assertTrue(sink.guestWrites.isEmpty());
    assertEquals(before, kernel.read(Msr.pmc(0)));
    assertEquals(0x1, kernel.read(Msr.IA32_PERF_GLOBAL_CTRL), "restored on VM exit");
  }

  @Test
  void inAGuestTooSmallForTheHostAddressTheWritesAreNotPresentAndCounted() {
    HostKernel kernel = perfRecordPreciseCycles();
    RecordingSink sink = runGuestSlice(kernel, GuestAddressSpace.linux2012(256L << 20),
        List.of(new MsrWrite(Msr.IA32_PERF_GLOBAL_CTRL, 0x1)));
    assertTrue(sink.guestWrites.isEmpty());
    assertEquals(2, kernel.pmu.stats().droppedNotPresent());
    assertEquals(List.of(GuestPhysicalWrite.Kind.RECORD, GuestPhysicalWrite.Kind.DS_INDEX),
        sink.drops.stream().map(RecordingSink.Drop::kind).toList());
  }

  @Test
  void aRecordStraddlingTheEndOfGuestRamIsDroppedWhole() {
    // The buffer starts 100 bytes before the end of the guest's last page: the record crosses past it.
    HostKernel kernel = HostKernel.hardwareOnly(CpuModel.IVYBRIDGE)
        .dsArea(HostKernel.BUFFER_LINEAR + 4096 - 100, RECORD, 64, 1, 0)
        .counter(0, HostKernel.preciseCycles(), PERIOD, true);
    RecordingSink sink = runGuestSlice(kernel, GuestAddressSpace.linux2012(BUFFER_GPA + 4096),
        List.of(new MsrWrite(Msr.IA32_PERF_GLOBAL_CTRL, 0x1)));
    assertEquals(0, kernel.pmu.stats().guestRecordWrites());
    assertEquals(List.of(GuestPhysicalWrite.Kind.DS_INDEX),
        sink.guestWrites.stream().map(GuestPhysicalWrite::kind).toList(), "the DS area page is present");
  }

  @Test
  void theSameSeedGivesTheSameGuestWritesByteForByte() {
    List<GuestPhysicalWrite> first = seededStory(11);
    assertEquals(first, seededStory(11));
    assertTrue(!first.equals(seededStory(12)), "a different state writes different bytes");
  }

  private static List<GuestPhysicalWrite> seededStory(long seed) {
    HostKernel kernel = new HostKernel(CpuModel.SKYLAKE, PmuOptions.perfHandler(2400, 0))
        .dsArea(200, 64, 1, 0).counter(1, HostKernel.preciseCycles(), PERIOD, true);
    kernel.pmu.enterGuest(GUEST, ONE_GIB_GUEST, List.of(new MsrWrite(Msr.IA32_PERF_GLOBAL_CTRL, 0x2)));
    RecordingSink sink = new RecordingSink();
    SplittableRandom random = new SplittableRandom(seed);
    for (int slice = 0; slice < 3; slice++) {
      kernel.pmu.runSlice(9000, 7000, CpuState.random(random, 0xffffffff81000000L + slice), slice * 3000L,
          3000, sink);
    }
    assertEquals(2 * (27_000 / PERIOD), sink.guestWrites.size(), "a record and an index per overflow");
    return sink.guestWrites;
  }

  @Test
  void aVmEntryWhoseMsrLoadWouldFaultFailsAndKeepsTheHost() {
    HostKernel kernel = perfRecordPreciseCycles();
    VmEntryResult.Failed failed = assertInstanceOf(VmEntryResult.Failed.class, kernel.pmu.enterGuest(GUEST,
        ONE_GIB_GUEST, List.of(new MsrWrite(Msr.IA32_PEBS_ENABLE, 0), new MsrWrite(Msr.IA32_PERF_GLOBAL_CTRL,
            1L << 40))));
    assertEquals(Msr.IA32_PERF_GLOBAL_CTRL, failed.rejected().msr());
    assertEquals(0x1, kernel.read(Msr.IA32_PEBS_ENABLE), "the loads before the fault are undone");
    assertInstanceOf(ExecutionContext.Host.class, kernel.pmu.context());
  }

  @Test
  void theContextSaysWhoRunsAndExitLandsInTheHostKernel() {
    HostKernel kernel = perfRecordPreciseCycles();
    kernel.pmu.enterGuest(GUEST, ONE_GIB_GUEST, List.of(), Ring.USER);
    assertEquals(new ExecutionContext.Guest(GUEST, Ring.USER, ONE_GIB_GUEST), kernel.pmu.context());
    VmEntryResult.Failed nested = assertInstanceOf(VmEntryResult.Failed.class,
        kernel.pmu.enterGuest(GUEST + 1, ONE_GIB_GUEST, List.of()));
    assertNull(nested.rejected());
    kernel.pmu.exitToHost();
    assertEquals(new ExecutionContext.Host(Ring.KERNEL), kernel.pmu.context());
  }

  @Test
  void theUserOnlyFilterStopsCountingInTheGuestKernel() {
    HostKernel kernel = HostKernel.hardwareOnly(CpuModel.IVYBRIDGE).dsArea(RECORD, 64, 1, 0)
        .counter(0, HostKernel.preciseCycles() & ~EventSelect.OS, PERIOD, true);
    kernel.pmu.enterGuest(GUEST, ONE_GIB_GUEST, List.of(new MsrWrite(Msr.IA32_PERF_GLOBAL_CTRL, 1)), Ring.KERNEL);
    RecordingSink sink = new RecordingSink();
    kernel.pmu.runSlice(5000, 4000, HostKernel.state(), 0, 5000, sink);
    assertTrue(sink.guestWrites.isEmpty());
    kernel.pmu.setRing(Ring.USER);
    kernel.pmu.runSlice(5000, 4000, HostKernel.state(), 5000, 5000, sink);
    assertArrayEquals(new long[] {BUFFER_GPA, DS_GPA + 40},
        sink.guestWrites.stream().mapToLong(GuestPhysicalWrite::guestPhysicalAddress).toArray());
  }
}
