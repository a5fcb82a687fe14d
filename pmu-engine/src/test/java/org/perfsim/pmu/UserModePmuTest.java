package org.perfsim.pmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.perfsim.cpu.CpuModel;

/**
 * EVTSEL.USR/OS decide by the ring, in guest context too; a guest-user-mode overflow of a PEBS counter left
 * on at VM entry writes through the host's DS address exactly where a kernel-mode one does; a counter started
 * mid-period is still re-armed with its whole period.
 */
class UserModePmuTest {

  private static final int GUEST = 3;
  private static final int RECORD = 176;
  private static final GuestAddressSpace GUEST_SPACE = GuestAddressSpace.linux2012(1L << 30);
  private static final List<MsrWrite> ENTRY_2012 = List.of(new MsrWrite(Msr.IA32_PERF_GLOBAL_CTRL, 0x1));

  /** The 2012 kernel's cycles:pp with the given privilege bits (cycles:ppu: USR only). */
  private static HostKernel preciseCycles(long privilegeBits) {
    return HostKernel.hardwareOnly(CpuModel.IVYBRIDGE).dsArea(RECORD, 64, 1, 0)
        .counter(0, HostKernel.CYCLES_P_EVENT | privilegeBits | EventSelect.EN, 2000, true);
  }

  private static RecordingSink guestSlice(HostKernel kernel, Ring ring) {
    assertInstanceOf(VmEntryResult.Entered.class, kernel.pmu.enterGuest(GUEST, GUEST_SPACE, ENTRY_2012, ring));
    RecordingSink sink = new RecordingSink();
    kernel.pmu.runSlice(5000, 4000, HostKernel.state(), 0, 5000, sink);
    kernel.pmu.exitToHost();
    return sink;
  }

  @Test
  void aUserOnlyPreciseCounterWritesIntoTheGuestFromGuestUserModeWhereAKernelModeOverflowWould() {
    RecordingSink userOnlyInKernel = guestSlice(preciseCycles(EventSelect.USR), Ring.KERNEL);
    RecordingSink userOnlyInUser = guestSlice(preciseCycles(EventSelect.USR), Ring.USER);
    RecordingSink bothInKernel = guestSlice(preciseCycles(EventSelect.USR | EventSelect.OS), Ring.KERNEL);

    assertEquals(List.of(), userOnlyInKernel.guestWrites, "EVTSEL.OS clear: guest kernel mode does not count");
    assertEquals(2, userOnlyInUser.guestWrites.size(), "the record and the DS index update");
    for (int i = 0; i < 2; i++) {
      GuestPhysicalWrite user = userOnlyInUser.guestWrites.get(i);
      GuestPhysicalWrite kernel = bothInKernel.guestWrites.get(i);
      assertEquals(kernel.guestPhysicalAddress(), user.guestPhysicalAddress(), "same DS linear, same translation");
      assertEquals(kernel.length(), user.length());
      assertEquals(kernel.simTimeNanos(), user.simTimeNanos());
    }
    assertEquals(HostKernel.BUFFER_PHYS, userOnlyInUser.guestWrites.get(0).guestPhysicalAddress());
  }

  @Test
  void aKernelOnlyCounterIgnoresUserModeAndACounterWithNeitherBitCountsNothing() {
    HostKernel kernelOnly = preciseCycles(EventSelect.OS);
    kernelOnly.pmu.setRing(Ring.USER);
    kernelOnly.pmu.runSlice(5000, 4000, HostKernel.state(), 0, 5000, new RecordingSink());
    assertEquals(-2000L & 0xffff_ffff_ffffL, kernelOnly.read(Msr.IA32_PMC0), "no user-mode cycle counted");

    HostKernel neither = preciseCycles(0);
    for (Ring ring : Ring.values()) {
      neither.pmu.setRing(ring);
      neither.pmu.runSlice(5000, 4000, HostKernel.state(), 0, 5000, new RecordingSink());
    }
    assertEquals(0, neither.pmu.stats().hostRecords());
    assertEquals(-2000L & 0xffff_ffff_ffffL, neither.read(Msr.IA32_PMC0));
  }

  @Test
  void aCounterStartedMidPeriodOverflowsFirstAfterWhatIsLeftThenEveryWholePeriod() {
    HostKernel kernel = new HostKernel(CpuModel.IVYBRIDGE, PmuOptions.perfHandler(3000, Long.MAX_VALUE))
        .counter(0, EventSelect.counting(0x3c, 0, true, true).withInterrupt(true).encode(), 1000, false);
    assertTrue(kernel.pmu.startCounter(Msr.pmc(0), -10).ok());
    RecordingSink sink = new RecordingSink();
    kernel.pmu.runSlice(2500, 0, HostKernel.state(), 0, 2500, sink);

    assertEquals(List.of(10L, 1010L, 2010L), sink.pmis.stream().map(RecordingSink.Pmi::nanos).toList());
    assertEquals(-1000L + 490 & 0xffff_ffff_ffffL, kernel.read(Msr.pmc(0)), "490 cycles into the re-armed period");
  }

  @Test
  void aCounterCountsInAContextWhenGlobalCtrlEnablesItAndItHasAPrivilegeBit() {
    assertEquals(false, HostKernel.hardwareOnly(CpuModel.IVYBRIDGE).pmu.anyCounterCounts(), "nothing programmed");
    HostKernel userOnly = preciseCycles(EventSelect.USR);
    assertEquals(true, userOnly.pmu.anyCounterCounts());
    userOnly.pmu.enterGuest(GUEST, GUEST_SPACE, List.of(new MsrWrite(Msr.IA32_PERF_GLOBAL_CTRL, 0)));
    assertEquals(false, userOnly.pmu.anyCounterCounts(), "a host-only counter masked at VM entry");
    assertEquals(false, preciseCycles(0).pmu.anyCounterCounts(), "neither USR nor OS");
  }

  @Test
  void startingSomethingThatIsNotACounterIsAGeneralProtectionFault() {
    HostKernel kernel = HostKernel.hardwareOnly(CpuModel.IVYBRIDGE);
    assertInstanceOf(MsrResult.GeneralProtection.class, kernel.pmu.startCounter(Msr.IA32_PEBS_ENABLE, 1));
  }
}
