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
import org.perfsim.kernel.PebsThrottle;

/**
 * The 2026 PEBS_ENABLED investigation: perf throttles a PEBS event in NMI context between KVM's VM-entry list
 * and the entry, the VM exit loads the stale host IA32_PEBS_ENABLE, and later entries run the guest with bits
 * the kernel believes clear. Before the series ({@code 2026-pre}) this happens at the rate the model defines
 * wherever PEBS_ENABLE is on the list; with it ({@code 2026-fix}) never on CPUs with PEBS isolation; never
 * without throttling.
 */
class PebsThrottleRaceTest {
  /** 300 PEBS records per 1 ms tick: at and above max_samples_per_tick (100 with the default 100000/s). */
  private static final String THROTTLED = "10000";
  /** 3 per tick: perf never throttles it. */
  private static final String UNTHROTTLED = "1000000";
  private static final int PCPUS = 2;
  private static final int SECONDS = 10;

  private static RunningSession play(CpuModel cpu, KernelPolicy kernel, String period, long seed) {
    HostSpec host = HostSpec.of("h", cpu, kernel, PerfGeneration.V6_1, PCPUS, 4, 1.0);
    HostSimulation sim = new HostSimulation(host, seed);
    SessionStart start = sim.start(List.of("perf", "record", "-e", "cycles:pp", "-c", period, "-a", "--", "sleep",
        String.valueOf(SECONDS)), Optional.empty());
    RunningSession session = assertInstanceOf(SessionStart.Started.class, start).session();
    SessionResult result = sim.play(session);
    assertTrue(result.outcome().worked(), result.outcome().word() + ": " + result.perfMessage());
    return session;
  }

  @Test
  void beforeTheSeriesTheRaceLeavesBitsSetInGuestModeAtTheModelsRate() {
    RunningSession s = play(CpuModel.ICELAKE, KernelPolicy.PRE_2026, THROTTLED, 2026);
    // three of every four slices are a busy guest's; each tick's throttle NMI lands in one of the
    // VM_ENTRIES_PER_TICK list-to-entry windows with probability entries * window / tick
    double guestSlices = PCPUS * SECONDS * 1000 * 3 / 4.0;
    double p = PebsThrottle.VM_ENTRIES_PER_TICK * PebsThrottle.RACE_WINDOW_NANOS / (double) PebsThrottle.TICK_NANOS;
    double expected = guestSlices * p;
    double sd = Math.sqrt(guestSlices * p * (1 - p));
    assertEquals(expected, s.staleExitLoads(), 4 * sd, "stale VM-exit loads");
    assertTrue(s.stuckGuestEntries() > 0, "guest entries with stuck bits");
    assertTrue(s.stuckGuestEntries() < s.staleExitLoads() * PebsThrottle.VM_ENTRIES_PER_TICK);
    assertTrue(s.guestsWithStuckPebsBits() > 0);
  }

  @Test
  void theRaceIsDeterministicBySeed() {
    RunningSession a = play(CpuModel.ICELAKE, KernelPolicy.PRE_2026, THROTTLED, 7);
    RunningSession b = play(CpuModel.ICELAKE, KernelPolicy.PRE_2026, THROTTLED, 7);
    assertEquals(a.staleExitLoads(), b.staleExitLoads());
    assertEquals(a.stuckGuestEntries(), b.stuckGuestEntries());
    RunningSession c = play(CpuModel.ICELAKE, KernelPolicy.PRE_2026, THROTTLED, 8);
    assertTrue(a.staleExitLoads() != c.staleExitLoads() || a.stuckGuestEntries() != c.stuckGuestEntries(),
        "another seed, another draw");
  }

  @ParameterizedTest(name = "{0} under {1}, period {2}: {3} stale loads")
  @CsvSource({
    // the series never puts PEBS_ENABLE on the list where the CPU isolates PEBS
    "icelake, 2026-fix, 10000, none",
    "skylake, 2026-fix, 10000, none",
    // Skylake with its microcode isolates PEBS: PEBS_ENABLE was never on its list (4b2f1e59229b)
    "skylake, 2026-pre, 10000, none",
    // no throttling, no race
    "icelake, 2026-pre, 1000000, none",
    "ivybridge, 2026-pre, 1000000, none",
    // without isolation the series keeps PEBS_ENABLE on the list: "there are likely more fixes that need to
    // be done, e.g. for CPUs without isolation" (cover letter)
    "ivybridge, 2026-pre, 10000, some",
    "ivybridge, 2026-fix, 10000, some",
    // perfsim models the race only under the 2026 policies
    "icelake, modern, 10000, none",
  })
  void whereTheRaceCanHappen(String cpu, String policy, String period, String expected) {
    RunningSession s = play(CpuModel.byId(cpu).orElseThrow(), KernelPolicy.byId(policy).orElseThrow(), period, 3);
    assertEquals(expected.equals("some"), s.staleExitLoads() > 0, s.staleExitLoads() + " stale loads");
    if (expected.equals("none")) {
      assertEquals(0, s.stuckGuestEntries());
    }
  }

  @Test
  void throttlingFollowsMaxSamplesPerTick() {
    PebsThrottle defaults = PebsThrottle.DEFAULT;
    assertEquals(100, defaults.maxSamplesPerTick());
    assertTrue(defaults.throttles(10_000, 3_000_000));
    assertTrue(!defaults.throttles(1_000_000, 3_000_000));
    assertEquals(1, new PebsThrottle(1).maxSamplesPerTick(), "DIV_ROUND_UP");
    assertTrue(new PebsThrottle(1000).throttles(750_000, 3_000_000), "perf's default 4000 Hz at a 1000/s limit");
  }
}
