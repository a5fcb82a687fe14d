package org.perfsim.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.KernelPolicy;

/**
 * The 2026 race at fleet scale: a mixed fleet (Ivy Bridge without PEBS isolation, Skylake isolated by
 * microcode, Ice Lake with guest PEBS) profiles with a PEBS event at a throttled rate, host i with seed
 * 2026 + i, before and with the series. Which hosts and guests end up with stuck PEBS_ENABLE bits, and when
 * the first stale load happens, in simulated time.
 */
class PebsRaceFleetTest {
  private static final List<CpuModel> CPUS = List.of(CpuModel.IVYBRIDGE, CpuModel.SKYLAKE, CpuModel.ICELAKE);
  private static final int HOSTS_PER_CPU = 4;
  private static final int GUESTS = 4;

  /** One host's share of the story. */
  record HostRace(String hostId, CpuModel cpu, long staleLoads, long stuckEntries, int guests, long firstNanos) {}

  static List<HostRace> fleet(KernelPolicy kernel) {
    List<HostRace> rows = new ArrayList<>();
    int i = 0;
    for (CpuModel cpu : CPUS) {
      for (int h = 0; h < HOSTS_PER_CPU; h++, i++) {
        HostSpec spec = HostSpec.of("host-" + i, cpu, kernel, PerfGeneration.V6_1, 4, GUESTS, 0.9);
        HostSimulation sim = new HostSimulation(spec, 2026 + i);
        RunningSession s = assertInstanceOf(SessionStart.Started.class, sim.start(List.of("perf", "record", "-e",
            "cycles:pp", "-c", "10000", "-a", "--", "sleep", "2"), Optional.empty())).session();
        SessionResult r = sim.play(s);
        long first = r.timeline().stream().filter(e -> e.what().contains("first stale IA32_PEBS_ENABLE"))
            .mapToLong(SessionResult.TimelineEvent::atNanos).findFirst().orElse(-1);
        rows.add(new HostRace(spec.hostId(), cpu, s.staleExitLoads(), s.stuckGuestEntries(),
            s.guestsWithStuckPebsBits(), first));
      }
    }
    return rows;
  }

  private static String report(KernelPolicy kernel, List<HostRace> rows) {
    StringBuilder out = new StringBuilder("kernel " + kernel.id() + ":\n");
    rows.forEach(r -> out.append(String.format("  %-7s %-9s stale loads %3d, stuck guest entries %4d, guests %d,"
        + " first at %s%n", r.hostId(), r.cpu().id(), r.staleLoads(), r.stuckEntries(), r.guests(),
        r.firstNanos() < 0 ? "-" : String.format("%.3f s", r.firstNanos() / 1e9))));
    long hosts = rows.stream().filter(r -> r.staleLoads() > 0).count();
    int guests = rows.stream().mapToInt(HostRace::guests).sum();
    out.append(String.format("  %d of %d hosts, %d of %d guests affected%n", hosts, rows.size(), guests,
        rows.size() * GUESTS));
    return out.toString();
  }

  @Test
  void beforeTheSeriesEveryHostWithoutIsolationOrWithGuestPebsIsHitAndTheSeriesLeavesOnlyTheUnisolatedOnes() {
    List<HostRace> pre = fleet(KernelPolicy.PRE_2026);
    List<HostRace> fix = fleet(KernelPolicy.FIX_2026);
    System.out.print(report(KernelPolicy.PRE_2026, pre));
    System.out.print(report(KernelPolicy.FIX_2026, fix));
    for (HostRace r : pre) {
      assertEquals(r.cpu() != CpuModel.SKYLAKE, r.staleLoads() > 0, r.toString());
    }
    for (HostRace r : fix) {
      assertEquals(r.cpu() == CpuModel.IVYBRIDGE, r.staleLoads() > 0, r.toString());
    }
    assertTrue(pre.stream().filter(r -> r.firstNanos() >= 0).mapToLong(HostRace::firstNanos).distinct().count() > 1,
        "the first stale load spreads over the fleet");
    // the same Ivy Bridge hosts, the same seeds: the series changes nothing there
    for (int i = 0; i < HOSTS_PER_CPU; i++) {
      assertEquals(pre.get(i), fix.get(i));
    }
  }
}
