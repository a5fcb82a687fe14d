package org.perfsim.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.KernelPolicy;

/** The "no regressions" oracle reaches the 2012 verdicts on the reference's seed cases by itself. */
class AbiCheckTest {
  private static final long SEED = 2012L;

  private static AbiDiff seed(KernelPolicy from, KernelPolicy to) {
    return AbiCheck.compare(from, to, AbiCheck.seedCases(to, List.of()), SEED);
  }

  private static boolean has(List<AbiDiff.Change> changes, PerfGeneration perf, String event, int guests,
      boolean idle) {
    return changes.stream().map(AbiDiff.Change::after).anyMatch(r -> r.perfVersion().equals(perf.id())
        && r.event().equals(event) && r.guests() == guests && r.idleGuests() == idle);
  }

  @Test
  void seedCasesAreTheSeedTableCellsOncePerCaseOnTheGivenKernel() {
    List<MatrixCase> cases = AbiCheck.seedCases(KernelPolicy.PRE_2026, List.of());
    assertEquals(7, cases.size(), cases.toString());
    assertTrue(cases.stream().allMatch(c -> c.kernel() == KernelPolicy.PRE_2026 && c.cpu() == CpuModel.DEFAULT));
    assertEquals(14, AbiCheck.seedCases(KernelPolicy.MODERN, List.of(CpuModel.IVYBRIDGE, CpuModel.SKYLAKE)).size());
  }

  @Test
  void theRequireExcludeGuestCheckBreaksPerf36CyclesPpWhereItRan() {
    AbiDiff diff = seed(KernelPolicy.LEGACY_3_6, KernelPolicy.REQUIRE_EXCLUDE_GUEST_3_7_RC);
    assertTrue(diff.hasRegression());
    assertEquals(2, diff.regressions().size(), diff.regressions().toString());
    assertTrue(has(diff.regressions(), PerfGeneration.V3_6, "cycles:pp", 0, false));
    assertTrue(has(diff.regressions(), PerfGeneration.V3_6, "cycles:pp", SeedCases.SEED_GUESTS, true));
    AbiDiff.Change change = diff.regressions().get(0);
    assertEquals(Outcome.OK, change.before().outcome());
    assertEquals(Outcome.EOPNOTSUPP, change.after().outcome());
    assertEquals(95, change.after().errno());
    // with busy guests it crashed under 3.6: an EOPNOTSUPP there is no regression, and the crash is fixed
    assertFalse(has(diff.regressions(), PerfGeneration.V3_6, "cycles:pp", SeedCases.SEED_GUESTS, false));
    assertTrue(has(diff.fixes(), PerfGeneration.V3_6, "cycles:pp", SeedCases.SEED_GUESTS, false));
  }

  @Test
  void theRequireExcludeGuestCheckBreaksPerf36CyclesPOnAHostWithoutGuests() {
    List<MatrixCase> cases = List.of(new MatrixCase(PerfGeneration.V3_6, KernelPolicy.REVERT_3_8, CpuModel.DEFAULT,
        "cycles:p", 0, false));
    AbiDiff diff = AbiCheck.compare(KernelPolicy.LEGACY_3_6, KernelPolicy.REQUIRE_EXCLUDE_GUEST_3_7_RC, cases, SEED);
    assertEquals(1, diff.regressions().size());
    assertEquals(Outcome.EOPNOTSUPP, diff.regressions().get(0).after().outcome());
  }

  @Test
  void theRevertBringsTheBrokenCasesBackAndTheGuestCrashesWithThem() {
    AbiDiff diff = seed(KernelPolicy.REQUIRE_EXCLUDE_GUEST_3_7_RC, KernelPolicy.REVERT_3_8);
    assertFalse(diff.hasRegression(), diff.regressions().toString());
    assertTrue(has(diff.restored(), PerfGeneration.V3_6, "cycles:pp", 0, false));
    assertTrue(has(diff.restored(), PerfGeneration.V3_6, "cycles:pp", SeedCases.SEED_GUESTS, true));
    assertTrue(diff.fixes().isEmpty());
    assertTrue(has(diff.crashes(), PerfGeneration.V3_6, "cycles:pp", SeedCases.SEED_GUESTS, false));
    assertTrue(has(diff.crashes(), PerfGeneration.MODERN, "cycles:pp", SeedCases.SEED_GUESTS, false));
  }

  @Test
  void modernAndIncludeGuestBreakNothingThatRanAndFixEveryCrash() {
    for (KernelPolicy to : List.of(KernelPolicy.MODERN, KernelPolicy.INCLUDE_GUEST)) {
      AbiDiff diff = seed(KernelPolicy.LEGACY_3_6, to);
      assertFalse(diff.hasRegression(), to + ": " + diff.regressions());
      assertTrue(diff.crashes().isEmpty(), to + ": " + diff.crashes());
      assertEquals(2, diff.fixes().size(), to + ": " + diff.fixes());
      assertTrue(has(diff.fixes(), PerfGeneration.V3_6, "cycles:pp", SeedCases.SEED_GUESTS, false));
      assertTrue(has(diff.fixes(), PerfGeneration.MODERN, "cycles:pp", SeedCases.SEED_GUESTS, false));
      assertEquals(diff.cases(), diff.regressions().size() + diff.fixes().size() + diff.restored().size()
          + diff.crashes().size() + diff.otherChanges().size() + diff.unchanged());
    }
  }
}
