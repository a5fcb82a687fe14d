package org.perfsim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.perfsim.abi.AttrCodec;
import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.PerfEventAttr;
import org.perfsim.abi.ReadFormat;
import org.perfsim.cpu.CpuModel;

/** perf_event_open under each policy: precise limits, the 3.7-rc and include-guest rules, the VM-entry switch. */
class KernelOpenRulesTest {

  private static PerfEventAttr cycles(int size, int precise, boolean excludeGuest, boolean excludeHost) {
    return PerfEventAttr.builder().size(size).samplePeriodOrFreq(4000).flag(AttrFlag.FREQ, true)
        .preciseIp(precise).flag(AttrFlag.EXCLUDE_GUEST, excludeGuest).flag(AttrFlag.EXCLUDE_HOST, excludeHost)
        .build();
  }

  private static OpenResult open(String policy, String cpu, PerfEventAttr attr) {
    Kernel k = Kernel.root(KernelPolicy.byId(policy).orElseThrow(), CpuModel.byId(cpu).orElseThrow(), 4);
    return k.perfEventOpen(AttrCodec.encode(attr), -1, 0, -1, PerfEventOpenSyscall.PERF_FLAG_FD_CLOEXEC);
  }

  @ParameterizedTest(name = "{0} on {1}: precise {2} exclude_guest={3} exclude_host={4} -> {5}")
  @CsvSource({
    "3.6, ivybridge, 2, false, false, counts-guest",
    "3.6, ivybridge, 3, true, false, EOPNOTSUPP",
    "3.6, core2, 2, false, false, counts-guest",
    "3.6, amd-zen, 1, false, false, counts-guest",
    "3.6, amd-zen, 3, false, false, EOPNOTSUPP",
    "3.6, amd-zen, 2, true, false, EINVAL",
    "3.7-rc, amd-zen, 2, false, false, counts-guest",
    "modern, amd-zen, 2, true, false, EINVAL",
    "modern, amd-zen, 2, false, true, EINVAL",
    "2026-pre, amd-zen, 1, false, false, counts-guest",
    "2026-fix, skylake, 3, true, false, host-only",
    "3.7-rc, ivybridge, 2, false, false, EOPNOTSUPP",
    "3.7-rc, ivybridge, 2, true, false, host-only",
    "3.7-rc, ivybridge, 0, false, false, counts-guest",
    "3.8, ivybridge, 2, false, false, counts-guest",
    "include-guest, ivybridge, 2, false, false, host-only",
    "include-guest, ivybridge, 2, false, true, EOPNOTSUPP",
    "include-guest, ivybridge, 0, false, false, counts-guest",
    "modern, ivybridge, 3, false, false, counts-guest",
    "modern, nehalem, 3, false, false, EOPNOTSUPP",
    "modern, skylake, 3, true, false, host-only",
    "modern, arm64, 2, false, false, counts-guest",
  })
  void preciseRulesPerPolicyAndCpu(String policy, String cpu, int precise, boolean excludeGuest,
      boolean excludeHost, String expected) {
    int size = policy.equals("modern") || policy.startsWith("2026") ? 136 : 96;
    OpenResult r = open(policy, cpu, cycles(size, precise, excludeGuest, excludeHost));
    switch (expected) {
      case "EOPNOTSUPP", "EINVAL" ->
          assertEquals(expected, assertInstanceOf(OpenResult.Failed.class, r).errno().name());
      case "host-only" -> assertEquals(false, assertInstanceOf(OpenResult.Opened.class, r).event().countsGuest());
      default -> assertEquals(true, assertInstanceOf(OpenResult.Opened.class, r).event().countsGuest());
    }
  }

  @Test
  void a61BinarysReadFormatLostIsEinvalOnA2012Kernel() {
    PerfEventAttr attr = cycles(128, 0, true, false).toBuilder().readFormat(ReadFormat.LOST, true).build();
    assertEquals("EINVAL", assertInstanceOf(OpenResult.Failed.class, open("3.8", "ivybridge", attr)).errno().name());
  }

  @Test
  void preciseOnACountingEventIsEinvalOnlyOnModernKernels() {
    PerfEventAttr counting = PerfEventAttr.builder().size(96).preciseIp(1).build();
    assertEquals("EINVAL", assertInstanceOf(OpenResult.Failed.class, open("modern", "skylake", counting)).errno().name());
    assertInstanceOf(OpenResult.Opened.class, open("3.6", "skylake", counting));
  }

  @Test
  void unprivilegedCpuWideEventsNeedAParanoidOfZero() {
    Kernel k = new Kernel(KernelPolicy.MODERN, CpuModel.SKYLAKE, 2, 2, Capabilities.NONE);
    OpenResult r = k.perfEventOpen(AttrCodec.encode(cycles(136, 0, true, false)), -1, 0, -1, 0);
    assertEquals("EACCES", assertInstanceOf(OpenResult.Failed.class, r).errno().name());
    // sys_perf_event_open asks perf_allow_kernel before it looks at the CPU: root sees the offline CPU
    OpenResult offline = Kernel.root(KernelPolicy.MODERN, CpuModel.SKYLAKE, 2)
        .perfEventOpen(AttrCodec.encode(cycles(136, 0, true, false)), 0, 7, -1, 0);
    assertEquals("ENODEV", assertInstanceOf(OpenResult.Failed.class, offline).errno().name());
  }
}
