package org.perfsim.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.perfsim.kernel.KernelPolicy;

/** The reference's seed table, cell by cell, through the whole domain: tool, kernel, PMU, guest memory. */
class SeedMatrixTest {
  private static final MatrixRunner RUNNER = new MatrixRunner(KernelPolicy.LEGACY_3_6, 2012L);

  static Stream<SeedCases.SeedCase> seedCases() {
    return SeedCases.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("seedCases")
  void everySeedCellHasTheReferenceOutcome(SeedCases.SeedCase seed) {
    MatrixRow row = RUNNER.row(seed.matrixCase());
    SessionResult session = RUNNER.session(seed.matrixCase());
    assertEquals(seed.expected(), row.outcome(), () -> "timeline " + session.timeline() + " notes " + session.perfNotes());
    assertEquals(seed.expectedRegression(), row.regression(), "regression");
    if (row.outcome().isErrno()) {
      assertEquals(95, row.errno());
      assertTrue(session.perfMessage().contains("returned with 95 (Operation not supported)"), session.perfMessage());
      return;
    }
    assertTrue(session.hostSamples() > 0, "host context was sampled");
    boolean crashed = row.outcome() == Outcome.GUESTS_CRASHED;
    assertEquals(crashed, session.pebsBytesIntoGuests() > 0, "PEBS bytes reach guests only in crash cells");
    if (crashed) {
      assertTrue(session.panics().size() >= 1 && session.firstPanicNanos() >= 0);
      assertTrue(session.panics().get(0).reason().startsWith("Kernel panic"), session.panics().get(0).reason());
    }
    if (!seed.matrixCase().idleGuests() && seed.matrixCase().guests() > 0 && row.outcome() == Outcome.OK_HOST_ONLY
        && !session.countsGuest()) {
      assertEquals(0, session.totalGuestSamples(), "an event that excludes guests takes no guest samples");
    }
  }

  @Test
  void theModernBinaryFallsBackToExcludingGuestsOnThe37rcKernel() {
    MatrixRow row = RUNNER.row(new MatrixCase(org.perfsim.events.PerfGeneration.MODERN,
        KernelPolicy.REQUIRE_EXCLUDE_GUEST_3_7_RC, org.perfsim.cpu.CpuModel.IVYBRIDGE, "cycles:pp", 4, false));
    assertEquals("cycles:ppH", row.finalEvent());
    assertTrue(row.annotatedOutcome().endsWith("(after the exclude_guest fallback)"), row.annotatedOutcome());
  }

  @Test
  void theSameSeedGivesTheSameSessionAndTimeline() {
    HostSpec host = HostSpec.of("h", org.perfsim.cpu.CpuModel.IVYBRIDGE, KernelPolicy.LEGACY_3_6,
        org.perfsim.events.PerfGeneration.V3_6, 4, 4, 0.7);
    List<String> argv = List.of("perf", "record", "-e", "cycles:p", "-ag", "--", "sleep", "0.5");
    SessionResult a = new HostSimulation(host, 7).run(argv, Optional.empty());
    SessionResult b = new HostSimulation(host, 7).run(argv, Optional.empty());
    assertEquals(a, b);
    assertEquals(Outcome.GUESTS_CRASHED, a.outcome());
  }
}
