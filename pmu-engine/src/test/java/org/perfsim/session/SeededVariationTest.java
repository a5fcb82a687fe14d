package org.perfsim.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.KernelPolicy;

/**
 * The seed varies what differs between real hosts (the vCPU schedule, the workload's phase, where each
 * counter starts in its first period), so a fleet whose hosts run with seeds {@code seed + i} does not panic
 * in lockstep; the same seeds still give the same fleet.
 */
class SeededVariationTest {

  private static final HostSpec HOST = HostSpec.of("h", CpuModel.IVYBRIDGE, KernelPolicy.LEGACY_3_6,
      PerfGeneration.V3_6, 4, 4, 1.0);
  private static final List<String> CYCLES_PP = List.of("perf", "record", "-e", "cycles:pp", "-a", "--", "sleep",
      "0.02");

  /** Host i of the fleet runs with seed {@code seed + i}, as the coordinator starts them. */
  private static List<SessionResult> fleet(long seed, int hosts) {
    return LongStream.range(0, hosts)
        .mapToObj(i -> new HostSimulation(HOST, seed + i).run(CYCLES_PP, Optional.empty())).toList();
  }

  @Test
  void hostsWithDifferentSeedsPanicAtDifferentTimes() {
    List<SessionResult> fleet = fleet(2012, 24);
    long distinct = fleet.stream().mapToLong(SessionResult::firstPanicNanos).distinct().count();
    PanicSpread spread = PanicSpread.ofResults(fleet).orElseThrow();

    assertEquals(24, spread.hosts(), "every host's guests panic");
    assertTrue(distinct >= 12, () -> distinct + " distinct first-panic times of 24: " + spread);
    assertTrue(spread.maxNanos() - spread.minNanos() >= 100_000, spread::toString);
  }

  @Test
  void theGuestsOfOneHostDoNotAllFallAtTheSameInstant() {
    long hostsWithSpreadPanics = fleet(7, 8).stream().filter(r -> r.lastPanicNanos() > r.firstPanicNanos()).count();
    assertTrue(hostsWithSpreadPanics >= 4, hostsWithSpreadPanics + " of 8 hosts");
  }

  @Test
  void theSameSeedsGiveTheSameFleetAndSpread() {
    List<SessionResult> a = fleet(99, 6);
    List<SessionResult> b = fleet(99, 6);
    assertEquals(a, b);
    assertEquals(PanicSpread.ofResults(a), PanicSpread.ofResults(b));
  }

  @Test
  void theSpreadIsNearestRankOverTheHostsThatPanicked() {
    PanicSpread spread = PanicSpread.ofFirstPanics(new long[] {500, -1, 100, 300, 200, -1}).orElseThrow();
    assertEquals(new PanicSpread(4, 100, 200, 500, 500), spread);
    assertEquals(Optional.empty(), PanicSpread.ofFirstPanics(new long[] {-1, -1}));
    long[] hundred = LongStream.rangeClosed(1, 100).toArray();
    assertEquals(new PanicSpread(100, 1, 50, 99, 100), PanicSpread.ofFirstPanics(hundred).orElseThrow());
  }
}
