package org.perfsim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.perfsim.abi.AttrCodec;
import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.PerfEventAttr;
import org.perfsim.cpu.CpuModel;
import org.perfsim.cpu.PebsIsolation;
import org.perfsim.pmu.EventSelect;
import org.perfsim.pmu.HostAddressSpace;
import org.perfsim.pmu.Msr;
import org.perfsim.pmu.SwitchMsr;

/**
 * KVM's VM-entry switch list per vendor and kernel policy, for a host running one precise event that counts
 * guests (counter 0, PEBS on Intel) and one plain host-only event (counter 1): which MSRs, with which host and
 * guest values.
 */
class VmEntryMsrListTest {
  private static final long DS = 0xffff880001234000L;

  private static PmuProgram program(String policy, String cpu) {
    KernelPolicy kernel = KernelPolicy.byId(policy).orElseThrow();
    CpuModel model = CpuModel.byId(cpu).orElseThrow();
    Kernel k = Kernel.root(kernel, model, 1);
    PerfEventAttr precise = PerfEventAttr.builder().size(96).samplePeriodOrFreq(100_000).preciseIp(1).build();
    PerfEventAttr hostOnly = PerfEventAttr.builder().size(96).samplePeriodOrFreq(100_000)
        .flag(AttrFlag.EXCLUDE_GUEST, true).build();
    k.perfEventOpen(AttrCodec.encode(precise), -1, 0, -1, 0);
    k.perfEventOpen(AttrCodec.encode(hostOnly), -1, 0, -1, 0);
    return PmuProgram.forEvents(kernel, model, HostAddressSpace.linux2012(64L << 30), k.openEventsOn(0),
        new SplittableRandom(1));
  }

  private static String describe(List<SwitchMsr> list) {
    return list.stream().map(m -> String.format("%s:%x/%x", Msr.name(m.msr()), m.host(), m.guest()))
        .map(s -> s.replace("IA32_", "")).collect(Collectors.joining(" "));
  }

  @ParameterizedTest(name = "{0} on {1}: {2}")
  @CsvSource(delimiter = '|', value = {
    // 2012: GLOBAL_CTRL only (host-only counter 1 off in the guest); PEBS stays armed in guest mode
    "3.6           | ivybridge | PERF_GLOBAL_CTRL:3/1",
    "3.7-rc        | ivybridge | PERF_GLOBAL_CTRL:1/0", // the precise event was refused: only the host-only one
    "3.8           | ivybridge | PERF_GLOBAL_CTRL:3/1",
    // 26a4f3c08de4 "perf/x86: disable PEBS on a guest entry" (the precise event backed off to host only)
    "include-guest | ivybridge | PERF_GLOBAL_CTRL:3/0 PEBS_ENABLE:1/0",
    // today: the PEBS counter leaves the guest's GLOBAL_CTRL; PEBS_ENABLE only without isolation
    "modern        | core2     | PERF_GLOBAL_CTRL:3/0 PEBS_ENABLE:1/0",
    "modern        | ivybridge | PERF_GLOBAL_CTRL:3/0 PEBS_ENABLE:1/0",
    "modern        | haswell   | PERF_GLOBAL_CTRL:3/0",
    "modern        | skylake   | PERF_GLOBAL_CTRL:3/0",
    // pebs_ept with a vPMU: DS_AREA, PEBS_DATA_CFG (equal: not switched) and PEBS_ENABLE (host PEBS: guest 0)
    "modern        | icelake   | PERF_GLOBAL_CTRL:3/0 DS_AREA:ds/0 MSR_PEBS_DATA_CFG:0/0 PEBS_ENABLE:1/0",
    "2026-pre      | icelake   | PERF_GLOBAL_CTRL:3/0 DS_AREA:ds/0 MSR_PEBS_DATA_CFG:0/0 PEBS_ENABLE:1/0",
    "2026-pre      | ivybridge | PERF_GLOBAL_CTRL:3/0 PEBS_ENABLE:1/0",
    // the series: never PEBS_ENABLE where the CPU isolates PEBS; CPUs without isolation keep it
    "2026-fix      | icelake   | PERF_GLOBAL_CTRL:3/0",
    "2026-fix      | skylake   | PERF_GLOBAL_CTRL:3/0",
    "2026-fix      | ivybridge | PERF_GLOBAL_CTRL:3/0 PEBS_ENABLE:1/0",
    // AMD: no guest_get_msrs, the HG bits of each counter decide; arm64: no MSR list
    "3.6           | amd-zen   | ''",
    "modern        | amd-zen   | ''",
    "include-guest | amd-zen   | ''",
    "2026-fix      | amd-zen   | ''",
    "3.6           | arm64     | ''",
    "include-guest | arm64     | ''",
    "modern        | arm64     | ''",
    "2026-pre      | arm64     | ''",
  })
  void switchListPerVendorAndPolicy(String policy, String cpu, String expected) {
    PmuProgram program = program(policy, cpu);
    String want = expected.replace("ds", Long.toHexString(program.dsLinear()));
    assertEquals(want, describe(program.vmEntryList(true)));
  }

  @Test
  void aGuestWithoutAVpmuGetsNoPebsSwitchOnIceLake() {
    assertEquals("PERF_GLOBAL_CTRL:3/0", describe(program("modern", "icelake").vmEntryList(false)));
  }

  @ParameterizedTest(name = "{0}: HostOnly on the host-only counter, no filter on the IBS-bound one")
  @CsvSource({"3.6", "include-guest", "modern", "2026-fix"})
  void amdFiltersHostAndGuestInTheEventSelect(String policy) {
    PmuProgram program = program(policy, "amd-zen");
    long preciseSel = program.counters().get(0).evtsel();
    long hostOnlySel = program.counters().get(1).evtsel();
    assertEquals(0, preciseSel & (EventSelect.HOST_ONLY | EventSelect.GUEST_ONLY), "IBS counts both");
    assertEquals(EventSelect.HOST_ONLY, hostOnlySel & (EventSelect.HOST_ONLY | EventSelect.GUEST_ONLY));
    assertEquals(0b11, program.hostGlobalCtrl(), "both counters enabled; the HG bits filter");
    assertEquals(0, program.pebsEnable(), "no PEBS on AMD");
    assertTrue(program.hostWrites().stream().noneMatch(w -> w.msr() == Msr.IA32_DS_AREA
        || w.msr() == Msr.IA32_PEBS_ENABLE), "no DS/PEBS MSR written on AMD: " + program.hostWrites());
  }

  @Test
  void pebsIsolationPerModelFollowsTheKernelTables() {
    assertEquals(PebsIsolation.NONE, CpuModel.IVYBRIDGE.pebsIsolation());
    assertEquals(PebsIsolation.WITH_MICROCODE, CpuModel.SKYLAKE.pebsIsolation());
    assertEquals(PebsIsolation.ARCHITECTURAL, CpuModel.ICELAKE.pebsIsolation());
    assertEquals(PebsIsolation.NO_PEBS, CpuModel.AMD_ZEN.pebsIsolation());
    for (CpuModel m : CpuModel.values()) {
      assertEquals(m.hasPebs(), m.pebsIsolation() != PebsIsolation.NO_PEBS, m.id());
    }
  }

  @Test
  void theRuleAndPebsAnswersAreVendorAware() {
    assertTrue(KernelPolicy.LEGACY_3_6.pebsLeftEnabledAtVmEntry(CpuModel.IVYBRIDGE));
    assertFalse(KernelPolicy.LEGACY_3_6.pebsLeftEnabledAtVmEntry(CpuModel.AMD_ZEN));
    assertFalse(KernelPolicy.MODERN.pebsLeftEnabledAtVmEntry(CpuModel.IVYBRIDGE));
    assertTrue(KernelPolicy.MODERN.preciseSamplesFromGuests(CpuModel.AMD_ZEN), "IBS cannot filter guests");
    assertFalse(KernelPolicy.MODERN.preciseSamplesFromGuests(CpuModel.SKYLAKE));
    assertEquals("intel-mask-and-pebs-off", KernelPolicy.MODERN.vmEntryRule(CpuModel.IVYBRIDGE).id());
    assertEquals("intel-mask-only", KernelPolicy.MODERN.vmEntryRule(CpuModel.SKYLAKE).id());
    assertEquals("intel-2026-never-pebs-enable", KernelPolicy.FIX_2026.vmEntryRule(CpuModel.ICELAKE).id());
    assertEquals("amd-host-guest-bits", KernelPolicy.MODERN.vmEntryRule(CpuModel.AMD_ZEN).id());
    assertTrue(KernelPolicy.INCLUDE_GUEST.vmEntryRule(CpuModel.IVYBRIDGE).reason()
        .contains("PEBS memory write can overshoot guest entry"));
  }
}
