package org.perfsim.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.Capabilities;
import org.perfsim.kernel.KernelPolicy;
import org.perfsim.kernel.KernelRule;

/** A whole session under perf_event_paranoid and the caller's capabilities, perf's fallback included. */
class PermissionSessionTest {

  private static final List<String> SYSTEM_WIDE =
      List.of("perf", "record", "-e", "cycles", "-a", "--", "sleep", "0.1");
  private static final List<String> PER_TASK = List.of("perf", "record", "-e", "cycles", "--", "sleep", "0.1");

  private static SessionResult run(String kernel, String perf, int paranoid, Capabilities caps, List<String> argv) {
    HostSpec spec = HostSpec.of("h", CpuModel.IVYBRIDGE, KernelPolicy.byId(kernel).orElseThrow(),
        PerfGeneration.byId(perf).orElseThrow(), 2, 2, 1.0).withPerfEventParanoid(paranoid);
    return new HostSimulation(spec, 7).run(argv, Optional.empty(), caps);
  }

  @Test
  void systemWideWithoutCapabilitiesEndsEaccesAfterPerfsUserOnlyRetry() {
    SessionResult r = run("modern", "6.1", 2, Capabilities.NONE, SYSTEM_WIDE);
    assertEquals(Outcome.EACCES, r.outcome());
    assertEquals(List.of("kernel.perf_event_paranoid=2, trying to fall back to excluding kernel and hypervisor  "
        + "samples"), r.perfNotes());
    assertEquals("cycles:u", r.eventName());
    assertTrue(r.perfMessage().startsWith("Error:\nAccess to performance monitoring and observability operations "
        + "is limited.\n"), r.perfMessage());
    assertTrue(r.perfMessage().contains("perf_event_paranoid setting is 2:\n"), r.perfMessage());
    assertEquals(Optional.of(KernelRule.PARANOID_CPU), r.explanation().rule());
  }

  @Test
  void capPerfmonLetsTheSameSessionRun() {
    SessionResult root = run("modern", "6.1", 2, Capabilities.SYS_ADMIN, SYSTEM_WIDE);
    SessionResult perfmon = run("modern", "6.1", 2, Capabilities.PERFMON, SYSTEM_WIDE);
    assertEquals(root, perfmon); // same seed, nothing refused: the very same session
    assertTrue(perfmon.hostSamples() > 0);
  }

  @Test
  void theDefaultCallerIsRootSoEarlierResultsStand() {
    HostSpec spec = HostSpec.of("h", CpuModel.IVYBRIDGE, KernelPolicy.MODERN, PerfGeneration.V6_1, 2, 2, 1.0);
    assertEquals(new HostSimulation(spec, 7).run(SYSTEM_WIDE, Optional.empty()),
        run("modern", "6.1", 2, Capabilities.SYS_ADMIN, SYSTEM_WIDE));
  }

  @Test
  void perTaskWithoutCapabilitiesRunsUserOnlyAfterTheFallback() {
    SessionResult r = run("modern", "6.1", 2, Capabilities.NONE, PER_TASK);
    assertTrue(r.outcome() != Outcome.EACCES, r.outcome().word());
    assertEquals("cycles:u", r.eventName());
    assertEquals(0, r.samplesByMode().hostKernel());
  }

  @ParameterizedTest
  @CsvSource({
      // a 2012 kernel knows no CAP_PERFMON; a 2012 perf has no fallback and prints ui__error_paranoid's advice
      "3.6,    3.6, perfmon,   eacces",
      "3.6,    6.1, perfmon,   eacces",
      "3.6,    3.6, sys_admin, ok",
      "modern, 3.6, perfmon,   ok",
  })
  void capPerfmonIsNoCapabilityOnA2012Kernel(String kernel, String perf, String caps, String outcome) {
    SessionResult r = run(kernel, perf, 2, Capabilities.byId(caps).orElseThrow(), SYSTEM_WIDE);
    assertEquals(outcome, r.outcome() == Outcome.EACCES ? "eacces" : "ok", r.outcome().word());
    if (perf.equals("3.6") && r.outcome() == Outcome.EACCES) {
      assertTrue(r.perfMessage().startsWith("Error:\nPermission error - are you root?"), r.perfMessage());
      assertEquals(List.of(), r.perfNotes());
    }
  }

  @Test
  void debiansLevelThreeRefusesEvenAUserOnlyPerTaskEvent() {
    SessionResult r = run("modern", "6.1", 3, Capabilities.NONE,
        List.of("perf", "record", "-e", "cycles:u", "--", "sleep", "0.1"));
    assertEquals(Outcome.EACCES, r.outcome());
    assertEquals(Optional.of(KernelRule.PARANOID_ANY), r.explanation().rule());
  }
}
