package org.perfsim.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.PerfEventAttr;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.KernelPolicy;
import org.perfsim.session.HostSimulation;
import org.perfsim.session.HostSpec;
import org.perfsim.session.SessionResult;

/**
 * The CPU vendor is part of what the perf tool builds: the rules perfsim models, one test each
 * (docs/SOURCES.md, "Perf tool: CPU vendor and texts per generation", lists the vendor branches
 * checked and not modelled).
 */
class PerfVendorRulesTest {

  private static final List<String> DEFAULT_RECORD = List.of("perf", "record", "--", "true");

  private static PerfEventAttr firstAttr(List<String> argv, PerfGeneration generation, CpuModel cpu) {
    return AttrBuilder.build(PerfCommandParser.parse(argv, generation, cpu).orElseThrow()).get(0).attr();
  }

  @Test
  void perf61DefaultCyclesOnAmdIsSentWithoutExcludeGuest() {
    PerfEventAttr amd = firstAttr(DEFAULT_RECORD, PerfGeneration.V6_1, CpuModel.AMD_ZEN);

    assertFalse(amd.has(AttrFlag.EXCLUDE_GUEST));
    assertEquals(3, amd.preciseIp());
  }

  @ParameterizedTest
  @EnumSource(value = CpuModel.class, names = {"IVYBRIDGE", "SKYLAKE", "ICELAKE", "ARM64"})
  void perf61DefaultCyclesElsewhereKeepsExcludeGuest(CpuModel cpu) {
    PerfEventAttr attr = firstAttr(DEFAULT_RECORD, PerfGeneration.V6_1, cpu);

    assertTrue(attr.has(AttrFlag.EXCLUDE_GUEST), cpu.id());
    assertEquals(3, attr.preciseIp());
  }

  @Test
  void perf61AmdAndIntelDefaultCyclesDifferOnlyInExcludeGuest() {
    PerfEventAttr amd = firstAttr(DEFAULT_RECORD, PerfGeneration.V6_1, CpuModel.AMD_ZEN);
    PerfEventAttr intel = firstAttr(DEFAULT_RECORD, PerfGeneration.V6_1, CpuModel.SKYLAKE);

    assertEquals(intel.with(AttrFlag.EXCLUDE_GUEST, false), amd);
  }

  @ParameterizedTest
  @EnumSource(value = PerfGeneration.class, names = {"V3_6", "V3_7", "MODERN"})
  void otherGenerationsBuildTheSameDefaultEventOnAmdAndIntel(PerfGeneration generation) {
    assertEquals(firstAttr(DEFAULT_RECORD, generation, CpuModel.SKYLAKE),
        firstAttr(DEFAULT_RECORD, generation, CpuModel.AMD_ZEN), generation.id());
  }

  @Test
  void modernDefaultCyclesCountsGuestsOnEveryVendor() {
    for (CpuModel cpu : List.of(CpuModel.SKYLAKE, CpuModel.AMD_ZEN)) {
      PerfEventAttr attr = firstAttr(DEFAULT_RECORD, PerfGeneration.MODERN, cpu);
      assertFalse(attr.has(AttrFlag.EXCLUDE_GUEST), cpu.id());
      assertEquals(3, attr.preciseIp(), cpu.id());
    }
  }

  @Test
  void anExplicitEventIsTheSameOnAmdAndIntel() {
    List<String> argv = List.of("perf", "record", "-e", "cycles:pp", "--", "true");
    assertEquals(firstAttr(argv, PerfGeneration.V6_1, CpuModel.SKYLAKE),
        firstAttr(argv, PerfGeneration.V6_1, CpuModel.AMD_ZEN));
  }

  @Test
  void aSessionOnAnAmdHostUsesTheAmdDefaultEvent() {
    List<String> argv = List.of("perf", "record", "-a", "--", "sleep", "0.01");
    SessionResult amd = session(CpuModel.AMD_ZEN, argv);
    SessionResult intel = session(CpuModel.SKYLAKE, argv);

    assertTrue(amd.countsGuest(), "6.1's default cycles on AMD counts guests");
    assertFalse(intel.countsGuest(), "6.1's default cycles on Intel is host-only");
  }

  private static SessionResult session(CpuModel cpu, List<String> argv) {
    HostSpec host = HostSpec.of("h", cpu, KernelPolicy.LEGACY_3_6, PerfGeneration.V6_1, 2, 2, 1.0);
    return new HostSimulation(host, 5).run(argv, Optional.empty());
  }
}
