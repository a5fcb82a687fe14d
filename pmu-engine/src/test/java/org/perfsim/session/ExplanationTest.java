package org.perfsim.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.KernelPolicy;
import org.perfsim.kernel.KernelRule;
import org.perfsim.vm.Guest;
import org.perfsim.vm.GuestLifecycle;
import org.perfsim.vm.GuestReport;
import org.perfsim.vm.GuestState;

/**
 * A case's explanation reports the decision that was made: the attr bits perf finally sent, the kernel rule
 * that decided the open, PEBS at VM entry and perf's fallbacks, for the story's events under every kernel policy.
 */
class ExplanationTest {

  private static MatrixRow row(String perf, String event, String kernel) {
    MatrixCase c = new MatrixCase(PerfGeneration.byId(perf).orElseThrow(), KernelPolicy.byId(kernel).orElseThrow(),
        CpuModel.IVYBRIDGE, event, SeedCases.SEED_GUESTS, false);
    return new MatrixRunner(KernelPolicy.LEGACY_3_6, 2012).row(c);
  }

  @ParameterizedTest(name = "perf {0} {1} on {2} -> {3}, {4}")
  @CsvSource({
      // perf, event, kernel, outcome, rule, exclude_guest, precise_ip, counts guest, PEBS left on at VM entry
      "3.6,    cycles:pp,  3.6,           guests-crashed, precise-allowed,         0, 2, true,  true",
      "3.6,    cycles:p,   3.6,           guests-crashed, precise-allowed,         0, 1, true,  true",
      "3.6,    cycles:pp,  3.7-rc,        eopnotsupp,     require-exclude-guest,   0, 2, false, false",
      "3.6,    cycles:pp,  3.8,           guests-crashed, precise-allowed,         0, 2, true,  true",
      "3.6,    cycles:pp,  include-guest, ok-host-only,   include-guest-host-only, 0, 2, false, false",
      "3.6,    cycles:pp,  modern,        ok-host-only,   precise-allowed,         0, 2, true,  false",
      "3.6,    cycles:ppH, 3.6,           ok-host-only,   precise-allowed,         1, 2, false, true",
      "3.6,    cycles:ppH, 3.7-rc,        ok-host-only,   require-exclude-guest,   1, 2, false, true",
      "6.1,    cycles:p,   3.7-rc,        ok-host-only,   require-exclude-guest,   1, 1, false, true",
      "6.1,    cycles:pp,  3.6,           ok-host-only,   precise-allowed,         1, 2, false, true",
      "6.1,    cycles:P,   3.7-rc,        ok,             not-precise,             0, 0, true,  false",
      "6.1,    cycles:P,   modern,        ok-host-only,   precise-allowed,         0, 3, true,  false",
      "modern, cycles:pp,  3.6,           guests-crashed, precise-allowed,         0, 2, true,  true",
      "modern, cycles:pp,  3.7-rc,        ok-host-only,   require-exclude-guest,   1, 2, false, true",
      "modern, cycles:pp,  include-guest, ok-host-only,   include-guest-host-only, 0, 2, false, false",
      "modern, cycles:P,   modern,        ok-host-only,   precise-allowed,         0, 3, true,  false",
  })
  void theExplanationCarriesTheBitsTheRuleAndPebsAtVmEntryOfTheDecisionMade(String perf, String event,
      String kernel, String outcome, String rule, int excludeGuest, int precise, boolean countsGuest,
      boolean pebsLeftOn) {
    MatrixRow r = row(perf, event, kernel);
    Explanation e = r.explanation();
    assertEquals(outcome, r.outcome().word(), e::toString);
    assertEquals(rule, e.rule().map(KernelRule::id).orElse(""));
    Explanation.DecisiveBits bits = e.attr().orElseThrow();
    assertEquals(excludeGuest == 1, bits.excludeGuest());
    assertEquals(precise, bits.preciseIp());
    assertFalse(bits.excludeHost());
    assertFalse(bits.excludeUser());
    assertEquals(!r.outcome().isErrno(), e.opened());
    assertEquals(countsGuest, e.countsGuest());
    assertEquals(pebsLeftOn, e.pebsLeftEnabledAtVmEntry());
    assertTrue(e.reason().length() > 20, e.reason());
  }

  @Test
  void modernPerfOn37rcExplainsTheExcludeGuestFallbackThatSavedIt() {
    Explanation e = row("modern", "cycles:pp", "3.7-rc").explanation();
    assertEquals("cycles:ppH", e.event());
    assertTrue(e.perfFallbacks().stream().anyMatch(f -> f.contains("excluding guest")), e.perfFallbacks()::toString);
  }

  @Test
  void perf61PreciseMaxWalksDownAndTheFallbacksSayHow() {
    Explanation e = row("6.1", "cycles:P", "3.6").explanation();
    assertEquals(2, e.attr().orElseThrow().preciseIp());
    assertTrue(e.perfFallbacks().stream().anyMatch(f -> f.contains("decreasing precise_ip")),
        e.perfFallbacks()::toString);
  }

  @Test
  void theRefusalUnder37rcQuotesTheKernelsCheckAndItsCommit() {
    MatrixRow r = row("3.6", "cycles:pp", "3.7-rc");
    Explanation e = r.explanation();
    KernelRule rule = e.rule().orElseThrow();
    assertTrue(rule.kernelText().contains("if (!event->attr.exclude_guest) return -EOPNOTSUPP;"));
    assertTrue(rule.source().contains("20b279ddb38c"), rule.source());
    assertEquals("precise_ip 2 requires exclude_guest", e.ruleDetail());
    assertEquals("EOPNOTSUPP: precise_ip 2 requires exclude_guest", r.reason());
    assertTrue(e.reason().startsWith("perf_event_open failed with EOPNOTSUPP"), e.reason());
  }

  @ParameterizedTest(name = "{0} under {1}: {2}")
  @CsvSource({
      "ivybridge, modern,   intel-mask-and-pebs-off",
      "skylake,   modern,   intel-mask-only",
      "icelake,   2026-fix, intel-2026-never-pebs-enable"})
  void aHostOnlyPreciseCaseNamesTheVmEntryRuleThatKeptPebsOutOfTheGuest(String cpu, String kernel, String rule) {
    MatrixCase c = new MatrixCase(PerfGeneration.V3_6, KernelPolicy.byId(kernel).orElseThrow(),
        CpuModel.byId(cpu).orElseThrow(), "cycles:pp", SeedCases.SEED_GUESTS, false);
    MatrixRow r = new MatrixRunner(KernelPolicy.LEGACY_3_6, 2012).row(c);
    assertEquals(Outcome.OK_HOST_ONLY, r.outcome());
    assertTrue(r.explanation().countsGuest(), "perf 3.6 sends exclude_guest=0: the kernel's VM entry decides");
    assertTrue(r.explanation().reason().contains(rule), r.explanation().reason());
  }

  @Test
  void theCrashIsExplainedByTheRecordsPebsWroteIntoGuests() {
    MatrixRow r = row("3.6", "cycles:pp", "3.6");
    assertTrue(r.explanation().reason().contains("IA32_PEBS_ENABLE stayed on at VM entry"), r.explanation().reason());
    assertTrue(r.explanation().reason().contains("panicked"), r.explanation().reason());
    assertEquals("", r.reason());
  }

  @Test
  void anEventOnlyOnePerfGenerationRejectsIsAnErrorWithPerfsTextAsItsReason() {
    MatrixRow r = row("3.6", "cycles:P", "3.6");
    assertEquals(Outcome.OTHER_ERRNO, r.outcome());
    assertTrue(r.explanation().attr().isEmpty());
    assertTrue(r.explanation().rule().isEmpty());
    assertTrue(r.reason().contains("cycles:P"), r.reason());
    assertTrue(r.annotatedOutcome().startsWith("error ("), r.annotatedOutcome());
    assertTrue(r.explanation().reason().startsWith("perf rejected the command line"), r.explanation().reason());
  }

  @Test
  void anErrnoWithoutAnOutcomeWordOfItsOwnCarriesTheKernelsReason() {
    MatrixCase c = new MatrixCase(PerfGeneration.V6_1, KernelPolicy.LEGACY_3_6, CpuModel.ARM64, "ref-cycles", 0,
        false);
    MatrixRow r = new MatrixRunner(KernelPolicy.LEGACY_3_6, 2012).row(c);
    assertEquals("error", r.outcome().word());
    assertEquals("ENOENT: hardware event 9 not supported by arm64", r.reason());
    assertEquals("error (ENOENT: hardware event 9 not supported by arm64)", r.annotatedOutcome());
    assertEquals(KernelRule.GENERIC_CHECKS, r.explanation().rule().orElseThrow());
  }

  @Test
  void anEventEverySelectedPerfRejectsIsAUsageErrorWithPerfsText() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> MatrixPlan.selection(List.of(PerfGeneration.V6_1, PerfGeneration.MODERN), List.of(KernelPolicy.MODERN),
            List.of(), List.of("cycles", "cycles:pppp"), 4, false, 100));
    assertTrue(e.getMessage().startsWith("events: every selected perf rejects 'cycles:pppp'"), e.getMessage());
    assertTrue(e.getMessage().contains("event syntax error: 'cycles:pppp'"), e.getMessage());
  }

  @Test
  void anEventSomeSelectedPerfAcceptsStaysACase() {
    MatrixPlan plan = MatrixPlan.selection(List.of(PerfGeneration.V3_6, PerfGeneration.V6_1),
        List.of(KernelPolicy.MODERN), List.of(), List.of("cycles:P"), 4, false, 100);
    assertEquals(2, plan.caseCount());
  }

  @Test
  void aHostWhoseGuestsWereAllDownIsNotPlainOk() {
    SessionResult result = runFrom(2, "cycles:pp", down(0, GuestState.PANICKED), down(1, GuestState.STOPPED));
    assertEquals(Outcome.NO_GUESTS_RUNNING, result.outcome());
    assertTrue(result.outcome().worked());
    assertTrue(result.explanation().reason().contains("every guest of the host was down"));
    assertEquals(0, result.pebsRecordsIntoGuests());
  }

  @Test
  void aHostOnlyEventOnAHostWhoseGuestsWereAllDownKeepsItsOutcome() {
    assertEquals(Outcome.OK_HOST_ONLY, runFrom(1, "cycles:ppH", down(0, GuestState.PANICKED)).outcome());
  }

  @Test
  void oneGuestUpIsEnoughForAnOrdinaryOutcome() {
    assertEquals(Outcome.GUESTS_CRASHED, runFrom(2, "cycles:pp", down(0, GuestState.PANICKED)).outcome());
  }

  private static GuestReport down(int guestId, GuestState state) {
    return new GuestReport(guestId, state, List.of(), GuestLifecycle.NEVER);
  }

  /** perf 3.6 runs {@code event} on a 3.6 host with {@code guests} busy guests that last said {@code guestsNow}. */
  private static SessionResult runFrom(int guests, String event, GuestReport... guestsNow) {
    HostSpec host = HostSpec.of("h", CpuModel.IVYBRIDGE, KernelPolicy.LEGACY_3_6, PerfGeneration.V3_6, 2, guests,
        1.0);
    SessionStart start = new HostSimulation(host, 5).start(
        List.of("perf", "record", "-e", event, "-a", "--", "sleep", "0.05"), Optional.empty(), 0, List.of(guestsNow));
    RunningSession session = ((SessionStart.Started) start).session();
    Guest[] booted = host.guests().stream().map(GuestSpec::boot).toArray(Guest[]::new);
    while (!session.done()) {
      StepWrites step = session.step();
      List<GuestReport> reports = new java.util.ArrayList<>();
      step.byGuest().forEach((g, writes) -> reports.add(booted[g].apply(writes, step.nowNanos(),
          new java.util.ArrayList<>())));
      session.guestsReported(reports);
    }
    return session.finish();
  }
}
