package org.perfsim.coordinator.core.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perfsim.coordinator.core.CoreError;
import org.perfsim.coordinator.core.SessionRequest;
import org.perfsim.coordinator.core.TrackedSession;

/** Experiments run on a real single-JVM fleet through the coordinator's core. */
class ExperimentRunnerTest {
  private static ExperimentFleet fleet;

  @BeforeAll
  static void start() throws Exception {
    fleet = new ExperimentFleet();
  }

  @AfterAll
  static void stop() {
    fleet.close();
  }

  @Test
  void theSameFileAndSeedGiveTheSameJournalByteForByte() throws Exception {
    String text = ExperimentFleet.example("2012-incident.yaml");
    ExperimentUseCases.Results first = fleet.run(text);
    // the second run finds the hosts as the first left them (rebooted guests, a clock that ran on)
    ExperimentUseCases.Results second = fleet.run(text);
    assertEquals(first.journalJson(), second.journalJson());
    assertTrue(!first.runJson().equals(second.runJson()), "run.json carries what differs: ids, wall-clock times");
    ExperimentUseCases.Results otherSeed = fleet.experiments.start("experiment.yaml", text, OptionalLong.of(1),
        e -> { }).done().get(2, TimeUnit.MINUTES);
    assertTrue(!first.journalJson().equals(otherSeed.journalJson()), "another seed, another journal");
  }

  @Test
  void the2012IncidentCrashesEveryGuestAndTheRollbackRebootsThemAll() throws Exception {
    Journal.Repetition rep = fleet.run(ExperimentFleet.example("2012-incident.yaml")).journal().repetitions().get(0);
    assertEquals("deviated", rep.status());
    assertTrue(rep.before().holds());
    Journal.StepRecord step = rep.steps().get(0);
    assertEquals(List.of("prod-1"), step.hosts());
    assertEquals(4, step.guestsPanicked());
    assertEquals("guests-crashed", step.results().get(0).outcome());
    assertEquals(0, rep.after().guestsRunning());
    assertEquals(List.of("prod-1/0", "prod-1/1", "prod-1/2", "prod-1/3"), rep.rollback().rebooted());
    assertTrue(rep.afterRollback().holds(), "the hypothesis holds again after the rollback");
    assertEquals(4, rep.afterRollback().guestsRunning());
    // guests up: 4, one fewer at each panic's simulated time, 4 again after the rollback
    List<Integer> up = rep.guestsUp().stream().map(Journal.GroupPoint::guestsUp).toList();
    assertEquals(List.of(4, 3, 2, 1, 0, 4), up);
    assertEquals(step.panics().stream().map(Journal.PanicRecord::atNanos).toList(),
        rep.guestsUp().subList(1, 5).stream().map(Journal.GroupPoint::atNanos).toList());
  }

  @Test
  void theStagedRolloutAbortsAtItsFirstStageAndNoOtherHostRunsTheCommand() throws Exception {
    Journal.Repetition rep = fleet.run(ExperimentFleet.example("staged-rollout-abort.yaml")).journal()
        .repetitions().get(0);
    assertEquals("aborted", rep.status());
    assertEquals(1, rep.steps().size(), "only the first stage ran");
    Journal.StepRecord stage = rep.steps().get(0);
    assertEquals(1, stage.stage());
    assertEquals(1, stage.hosts().size());
    assertEquals(2, stage.guestsPanicked());
    // 2 of 8 guests is past 20%: true at the second panic, checked at the stage's end
    assertEquals(stage.panics().get(1).atNanos(), rep.abort().atNanos());
    assertEquals(stage.endNanos(), rep.abort().checkedAtNanos());
    assertEquals("more than 20% of guests panicked", rep.abort().condition());
    assertNull(rep.after(), "no after-check once aborted");
    assertEquals(3, rep.hosts().stream().filter(h -> h.guestsPanicked() == 0).count());
    assertTrue(rep.afterRollback().holds());
  }

  @Test
  void selectorModesPickAsChaosMeshDoesFromTheNamedGroupsOnly() throws Exception {
    String text = """
        title: selectors
        fleet:
          - {group: a, hosts: 10, pcpus: 1, guests-per-host: 1}
          - {group: b, hosts: 2, pcpus: 1, guests-per-host: 1}
        steady-state-hypothesis: {guests-running-at-least: 100%}
        method:
          - {run: perf stat -e cycles -a -- sleep 0.1, selector: {groups: [a], mode: one}}
          - {run: perf stat -e cycles -a -- sleep 0.1, selector: {groups: [a], mode: all}}
          - {run: perf stat -e cycles -a -- sleep 0.1, selector: {groups: [a], mode: fixed, value: 3}}
          - {run: perf stat -e cycles -a -- sleep 0.1, selector: {groups: [a], mode: fixed-percent, value: 25%}}
          - {run: perf stat -e cycles -a -- sleep 0.1, selector: {groups: [a], mode: random-max-percent, value: 50%}}
          - {run: perf stat -e cycles -a -- sleep 0.1, selector: {mode: all}}
        """;
    List<Journal.StepRecord> steps = fleet.run(text).journal().repetitions().get(0).steps();
    List<Integer> sizes = steps.stream().map(s -> s.hosts().size()).toList();
    assertEquals(List.of(1, 10, 3, 3), sizes.subList(0, 4), "one, all, fixed 3, 25% of 10 rounded up");
    assertTrue(sizes.get(4) >= 1 && sizes.get(4) <= 5, "random-max-percent 50% of 10: 1..5, got " + sizes.get(4));
    assertEquals(12, sizes.get(5), "no groups: the whole fleet");
    assertTrue(steps.subList(0, 5).stream().flatMap(s -> s.hosts().stream()).allMatch(h -> h.startsWith("a-")));
    // one after the other in simulated time: each step starts where the previous one ended
    for (int i = 1; i < steps.size(); i++) {
      assertEquals(steps.get(i - 1).endNanos(), steps.get(i).startNanos());
    }
  }

  @Test
  void aHostBusyWithAnotherSessionFailsTheRunNamingTheHost() throws Exception {
    String text = """
        title: busy
        fleet:
          - {group: busy, hosts: 1, pcpus: 1, guests-per-host: 1}
        steady-state-hypothesis: {guests-running-at-least: 100%}
        method:
          - run: perf stat -e cycles -a -- sleep 1
            selector: {mode: all}
        """;
    fleet.run(text);
    TrackedSession other = fleet.sessions.start(new SessionRequest(new SessionRequest.CommandLine(
        "perf record -e cycles -a -- sleep 100000"), Optional.empty(), OptionalLong.empty(),
        new SessionRequest.Ids(List.of("busy-1"))));
    try {
      ExecutionException e = assertThrows(ExecutionException.class, () -> fleet.run(text));
      CoreError busy = (CoreError) e.getCause();
      assertEquals(CoreError.Kind.FAILED_PRECONDITION, busy.kind());
      assertEquals("fleet[0]: host 'busy-1' is running session " + other.id(), busy.getMessage());
    } finally {
      fleet.sessions.cancel(other.id());
      other.done().get(30, TimeUnit.SECONDS);
    }
  }
}
