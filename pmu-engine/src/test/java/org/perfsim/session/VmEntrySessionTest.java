package org.perfsim.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.KernelPolicy;
import org.perfsim.pmu.Msr;
import org.perfsim.pmu.SwitchMsr;

/**
 * Sessions through KVM's VM-entry switch as each vendor and kernel does it: guest time runs as guest time on
 * AMD (no PEBS MSR to load), a PEBS counter stops counting in guest mode under the modern kernel, and an MSR
 * the CPU refuses ends the session as an error instead of being ignored.
 */
class VmEntrySessionTest {
  private static final List<String> ONE_SECOND = List.of("--", "sleep", "1");

  private static SessionResult run(CpuModel cpu, KernelPolicy kernel, PerfGeneration perf, String event) {
    HostSpec host = HostSpec.of("h", cpu, kernel, perf, 2, 4, 1.0);
    List<String> argv = new java.util.ArrayList<>(List.of("perf", "record", "-e", event, "-a"));
    argv.addAll(ONE_SECOND);
    return new HostSimulation(host, 7).run(argv, Optional.empty());
  }

  @ParameterizedTest(name = "amd-zen under {0}: cycles:G samples guests only, cycles:H the host's share")
  @CsvSource({"modern", "include-guest", "3.6", "2026-pre"})
  void amdSplitsGuestAndHostTimeByTheHostGuestBits(String policy) {
    KernelPolicy kernel = KernelPolicy.byId(policy).orElseThrow();
    SessionResult both = run(CpuModel.AMD_ZEN, kernel, PerfGeneration.V6_1, "cycles:GH");
    SessionResult guestOnly = run(CpuModel.AMD_ZEN, kernel, PerfGeneration.V6_1, "cycles:G");
    SessionResult hostOnly = run(CpuModel.AMD_ZEN, kernel, PerfGeneration.V6_1, "cycles:H");
    long all = both.hostSamples() + both.totalGuestSamples();
    assertEquals(0, guestOnly.hostSamples(), "cycles:G on the host");
    assertEquals(0, hostOnly.totalGuestSamples(), "cycles:H in guests");
    assertEquals(both.totalGuestSamples(), guestOnly.totalGuestSamples());
    assertEquals(both.hostSamples(), hostOnly.hostSamples());
    // every fourth slice of each pCPU is the host's; the guests are busy the other three
    assertEquals(all / 4.0, hostOnly.hostSamples(), all * 0.01, "cycles:H is the host's quarter of " + all);
    assertEquals(all * 3 / 4.0, guestOnly.totalGuestSamples(), all * 0.01);
    assertTrue(both.outcome().worked(), both.outcome().word());
  }

  @ParameterizedTest(name = "{0} under modern: a PEBS counter that counts guests stops in guest mode")
  @CsvSource({"core2", "ivybridge", "haswell", "skylake", "icelake"})
  void aPreciseCounterDoesNotCountGuestTimeUnderModern(String cpu) {
    CpuModel model = CpuModel.byId(cpu).orElseThrow();
    SessionResult precise = run(model, KernelPolicy.MODERN, PerfGeneration.V3_6, "cycles:p");
    assertTrue(precise.countsGuest(), "perf 3.6 sends exclude_guest=0");
    assertEquals(0, precise.totalGuestSamples(), "guest time counted: " + precise.guestSamples());
    assertEquals(0, precise.pebsBytesIntoGuests());
    assertEquals(Outcome.OK_HOST_ONLY, precise.outcome());
    SessionResult plain = run(model, KernelPolicy.MODERN, PerfGeneration.V3_6, "cycles:G");
    assertTrue(plain.totalGuestSamples() > 0, "a non-PEBS guest-counting event still counts guests");
  }

  @Test
  void amdPreciseCyclesGoToIbsAndSampleGuestsToo() {
    SessionResult ibs = run(CpuModel.AMD_ZEN, KernelPolicy.MODERN, PerfGeneration.V3_6, "cycles:pp");
    assertEquals(Outcome.OK, ibs.outcome(), "IBS samples come from guests as well: " + ibs.timeline());
    assertTrue(ibs.totalGuestSamples() > 0);
    assertEquals(0, ibs.pebsBytesIntoGuests(), "IBS writes no memory through a DS area");
    SessionResult excluded = run(CpuModel.AMD_ZEN, KernelPolicy.MODERN, PerfGeneration.V6_1, "cycles:pp");
    assertEquals(Outcome.EINVAL, excluded.outcome(), "perf 6.1 sets exclude_guest for :pp; IBS refuses it");
  }

  @Test
  void aRefusedVmEntryMsrLoadEndsTheSessionWithAnErrorNamingIt() {
    HostSpec host = HostSpec.of("h", CpuModel.AMD_ZEN, KernelPolicy.MODERN, PerfGeneration.V6_1, 2, 4, 1.0);
    SessionStart start = new HostSimulation(host, 7).start(
        List.of("perf", "record", "-e", "cycles", "-a", "--", "sleep", "1"), Optional.empty());
    RunningSession session = assertInstanceOf(SessionStart.Started.class, start).session();
    // the list today's modern policy used to build on every vendor: AMD has no IA32_PEBS_ENABLE
    session.overrideVmEntryList(1, List.of(new SwitchMsr(Msr.IA32_PEBS_ENABLE, 1, 0)));
    SessionResult result = new HostSimulation(host, 7).play(session);
    assertEquals(Outcome.OTHER_ERRNO, result.outcome());
    assertTrue(result.perfMessage().contains("IA32_PEBS_ENABLE"), result.perfMessage());
    assertTrue(result.perfMessage().contains("amd-zen") && result.perfMessage().contains("kernel modern"),
        result.perfMessage());
    assertTrue(result.timeline().stream().anyMatch(e -> e.what().startsWith("error: pCPU 1")), "timeline");
    assertTrue(session.endNanos() < 1_000_000_000L, "the session stopped at the failure");
    assertEquals(1, result.exitStatus());
  }
}
