package org.perfsim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.perfsim.abi.AttrCodec;
import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.Errno;
import org.perfsim.abi.PerfEventAttr;
import org.perfsim.cpu.CpuModel;

/**
 * The kernel's permission decision, paranoid x capabilities x {CPU-wide, per task} x {kernel, user only}, on a
 * current kernel and a 2012 one, against the rules as Documentation/admin-guide/sysctl/kernel.rst and Debian's
 * patch state them (a naive reference model written apart from {@link PerfPermissions}).
 */
class PerfPermissionsTest {

  record Case(KernelPolicy policy, int paranoid, Capabilities caps, boolean cpuWide, boolean userOnly) {}

  static Stream<Case> everyCase() {
    List<Case> cases = new ArrayList<>();
    for (KernelPolicy policy : List.of(KernelPolicy.MODERN, KernelPolicy.LEGACY_3_6)) {
      for (int paranoid = -1; paranoid <= 3; paranoid++) {
        for (Capabilities caps : Capabilities.values()) {
          for (boolean cpuWide : new boolean[] {true, false}) {
            for (boolean userOnly : new boolean[] {true, false}) {
              cases.add(new Case(policy, paranoid, caps, cpuWide, userOnly));
            }
          }
        }
      }
    }
    return cases.stream();
  }

  /** The rule that refuses, or null: the sysctl's table, CAP_PERFMON only from 5.8, level 3 only on Debian's. */
  static KernelRule expectedRefusal(Case c) {
    boolean current = c.policy() == KernelPolicy.MODERN;
    boolean capable = c.caps() == Capabilities.SYS_ADMIN || (c.caps() == Capabilities.PERFMON && current);
    if (capable) {
      return null;
    }
    if (current && c.paranoid() >= 3) {
      return KernelRule.PARANOID_ANY;
    }
    if (!c.userOnly() && c.paranoid() >= 2) {
      return KernelRule.PARANOID_KERNEL;
    }
    if (c.cpuWide() && c.paranoid() >= 1) {
      return KernelRule.PARANOID_CPU;
    }
    return null;
  }

  @ParameterizedTest
  @MethodSource("everyCase")
  void eaccesExactlyWhereTheKernelRefuses(Case c) {
    Kernel kernel = new Kernel(c.policy(), CpuModel.IVYBRIDGE, 2, c.paranoid(), c.caps());
    OpenResult r = kernel.perfEventOpen(AttrCodec.encode(cycles(c.userOnly())), c.cpuWide() ? -1 : 0, 0, -1, 0);
    KernelRule expected = expectedRefusal(c);
    if (expected == null) {
      assertInstanceOf(OpenResult.Opened.class, r, c.toString());
    } else {
      OpenResult.Failed failed = assertInstanceOf(OpenResult.Failed.class, r, c.toString());
      assertEquals(Errno.EACCES, failed.errno(), c.toString());
      assertEquals(expected, failed.rule(), c.toString());
    }
  }

  @ParameterizedTest
  @CsvSource({
      // policy, paranoid, caps, cpu-wide, user only, errno or ok
      "modern, 2, none,      true,  false, EACCES",
      "modern, 2, none,      true,  true,  EACCES",
      "modern, 2, none,      false, true,  ok",
      "modern, 2, perfmon,   true,  false, ok",
      "modern, 1, none,      false, false, ok",
      "modern, 0, none,      true,  false, ok",
      "modern, 3, none,      false, true,  EACCES",
      "modern, 3, perfmon,   true,  false, ok",
      "3.6,    2, perfmon,   true,  false, EACCES",
      "3.6,    3, none,      false, true,  ok",
      "3.6,    2, sys_admin, true,  false, ok",
      "modern, -1, none,     true,  false, ok",
  })
  void spotChecksReadLikeTheSysctlTable(String policy, int paranoid, String caps, boolean cpuWide, boolean userOnly,
      String expected) {
    Kernel kernel = new Kernel(KernelPolicy.byId(policy).orElseThrow(), CpuModel.IVYBRIDGE, 2, paranoid,
        Capabilities.byId(caps).orElseThrow());
    OpenResult r = kernel.perfEventOpen(AttrCodec.encode(cycles(userOnly)), cpuWide ? -1 : 0, 0, -1, 0);
    assertEquals(expected, r instanceof OpenResult.Failed f ? f.errno().name() : "ok");
  }

  @Test
  void aDriverRefusalComesBeforeTheCpuWideCheck() {
    // find_get_context asks perf_allow_cpu after the PMU driver took the event: x86_pmu_hw_config's "no sense in
    // having PEBS for non sampling events" (a precise counting event) fails first
    Kernel kernel = new Kernel(KernelPolicy.MODERN, CpuModel.IVYBRIDGE, 2, 2, Capabilities.NONE);
    PerfEventAttr attr = cycles(true).toBuilder().preciseIp(1).samplePeriodOrFreq(0).flag(AttrFlag.FREQ, false)
        .build();
    OpenResult r = kernel.perfEventOpen(AttrCodec.encode(attr), -1, 0, -1, 0);
    assertEquals(Errno.EINVAL, assertInstanceOf(OpenResult.Failed.class, r).errno());
  }

  private static PerfEventAttr cycles(boolean userOnly) {
    return PerfEventAttr.builder().size(136).type(PerfEventAttr.TYPE_HARDWARE).config(0).samplePeriodOrFreq(4000)
        .flag(AttrFlag.FREQ, true).flag(AttrFlag.EXCLUDE_GUEST, true).flag(AttrFlag.EXCLUDE_KERNEL, userOnly)
        .flag(AttrFlag.EXCLUDE_HV, userOnly).build();
  }
}
