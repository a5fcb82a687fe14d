package org.perfsim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.perfsim.coordinator.LoopbackCoordinator.assertContains;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.perfsim.api.v1.HostIdList;
import org.perfsim.api.v1.HostSelector;
import org.perfsim.api.v1.SessionUpdate;
import org.perfsim.api.v1.StartSessionRequest;
import org.perfsim.coordinator.LoopbackCoordinator;

/**
 * {@code perfsim experiment run|validate|list|show} end to end: every file of examples/, its results folder, Ctrl-C,
 * a run read back and its folder written again.
 */
class ExperimentCliTest {
  @RegisterExtension
  static final LoopbackCoordinator server = LoopbackCoordinator.perClass("--hosts", "0", "--pcpus", "1");

  @TempDir Path tmp;

  static Path examples() {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(dir.resolve("examples"))) {
      dir = dir.getParent();
    }
    return dir.resolve("examples");
  }

  private CliVerbsTest.Run runExample(String name, String... more) {
    List<String> args = new ArrayList<>(List.of("experiment", "run", examples().resolve(name).toString(), "--out",
        tmp.resolve(name).toString()));
    args.addAll(List.of(more));
    return CliVerbsTest.run(args.toArray(String[]::new));
  }

  private JsonNode journal(String name) throws Exception {
    return new ObjectMapper().readTree(tmp.resolve(name).resolve("journal.json").toFile());
  }

  /** Host id to its outcome in the first step of the first repetition. */
  private static Map<String, String> outcomes(JsonNode journal) {
    Map<String, String> outcomes = new TreeMap<>();
    journal.at("/repetitions/0/steps/0/results").forEach(r -> outcomes.put(r.get("host").asText(),
        r.get("outcome").asText()));
    return outcomes;
  }

  @Test
  void everyExampleHasATestHere() throws Exception {
    try (var files = Files.list(examples()).filter(Files::isRegularFile)) { // kernel-policies/ has its own tests
      assertEquals(List.of("2012-incident.yaml", "old-binary-per-kernel.yaml", "pebs-enabled-2026.yaml",
          "staged-rollout-abort.yaml"), files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void the2012IncidentCrashesEveryGuestExitsWith1AndWritesTheResultsFolder() throws Exception {
    CliVerbsTest.Run r = runExample("2012-incident.yaml");
    assertEquals(1, r.status(), r.err());
    assertTrue(r.out().startsWith("experiment x-1: The 2012 incident, cycles:p -ag on one host (seed 2012, 1 host, "
        + "4 guests, 1 step)\n"), r.out());
    assertContains(r.out(), "hypothesis before: holds (4/4 guests running at 0.000000 s)\n");
    assertContains(r.out(), "step 1 'perf record system-wide': finished at 1.000000 s, 4 guests panicked\n");
    assertContains(r.out(), "hypothesis after: deviates (0/4 guests running at 1.000000 s)\n");
    assertContains(r.out(), "rollback: 4 guests rebooted at 1.000000 s\n");
    assertContains(r.out(), "hypothesis after-rollback: holds (4/4 guests running at 1.000000 s)\n");
    assertContains(r.out(), "status: deviated\n");
    Path dir = tmp.resolve("2012-incident.yaml");
    for (String file : List.of("experiment.yaml", "journal.json", "run.json", "report.json")) {
      assertTrue(Files.size(dir.resolve(file)) > 0, file);
    }
    assertEquals(Map.of("prod-1", "guests-crashed"), outcomes(journal("2012-incident.yaml")));
    JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    assertEquals(4, report.get("panics").size());
    assertEquals("prod", report.at("/guestsUp/0/group").asText());
  }

  @Test
  void aFreshFleetGivesTheSameJournalByteForByte() throws Exception {
    runExample("2012-incident.yaml");
    CliVerbsTest.Run again = CliVerbsTest.run("experiment", "run", examples().resolve("2012-incident.yaml").toString(),
        "--out", tmp.resolve("again").toString());
    assertEquals(1, again.status(), again.err());
    assertArrayEquals(Files.readAllBytes(tmp.resolve("2012-incident.yaml").resolve("journal.json")),
        Files.readAllBytes(tmp.resolve("again").resolve("journal.json")));
  }

  @Test
  void theStagedRolloutAbortsAtItsFirstStage() throws Exception {
    CliVerbsTest.Run r = runExample("staged-rollout-abort.yaml");
    assertEquals(1, r.status(), r.err());
    assertContains(r.out(), "step 1 'roll out perf record' stage 1: finished at 1.000000 s, 2 guests panicked\n");
    assertContains(r.out(), "aborted: more than 20% of guests panicked: 2 of 8 guests panicked (25%) (true at ");
    assertFalse(r.out().contains("stage 2"), r.out());
    assertContains(r.out(), "status: aborted\n");
    assertEquals(1, journal("staged-rollout-abort.yaml").at("/repetitions/0/steps").size());
  }

  @Test
  void theOldBinaryCrashesGuestsOnlyWhereTheKernelLeavesPebsOnInGuestMode() throws Exception {
    CliVerbsTest.Run r = runExample("old-binary-per-kernel.yaml");
    assertEquals(1, r.status(), r.err());
    Map<String, String> outcomes = outcomes(journal("old-binary-per-kernel.yaml"));
    assertEquals("guests-crashed", outcomes.get("k3-6-1"));
    assertEquals("guests-crashed", outcomes.get("k3-8-1"));
    assertEquals("eopnotsupp", outcomes.get("k3-7-rc-1"));
    assertEquals("ok-host-only", outcomes.get("modern-1"));
    assertEquals("ok-host-only", outcomes.get("k2026-fix-1"));
    assertContains(r.out(), "status: deviated\n");
  }

  @Test
  void thePebsEnabledInvestigationHoldsOnEverySeedAndOnlyPreLoadsStaleValues() throws Exception {
    CliVerbsTest.Run r = runExample("pebs-enabled-2026.yaml");
    assertEquals(0, r.status(), r.err() + r.out());
    JsonNode journal = journal("pebs-enabled-2026.yaml");
    assertEquals(3, journal.get("repetitions").size());
    for (JsonNode rep : journal.get("repetitions")) {
      assertEquals("completed", rep.get("status").asText());
      for (JsonNode host : rep.at("/steps/0/results")) {
        boolean stale = host.get("timeline").toString().contains("stale IA32_PEBS_ENABLE");
        assertEquals(host.get("host").asText().startsWith("pre-"), stale, host.toString());
      }
    }
    assertContains(r.out(), "seed 2028: hypothesis after: holds");
    assertContains(r.out(), "status: completed\n");
  }

  @Test
  void validateSaysWhatIsWrongWithTheLineAndExits2() throws Exception {
    CliVerbsTest.Run ok = CliVerbsTest.run("experiment", "validate", examples().resolve("2012-incident.yaml")
        .toString());
    assertEquals(0, ok.status(), ok.err());
    assertContains(ok.out(), ": valid: 'The 2012 incident, cycles:p -ag on one host', 1 host group, 1 host, "
        + "4 guests, 1 step, seed 2012\n");
    Path bad = tmp.resolve("bad.yaml");
    Files.writeString(bad, Files.readString(examples().resolve("2012-incident.yaml")).replace("mode: one",
        "mode: half"));
    CliVerbsTest.Run refused = CliVerbsTest.run("experiment", "validate", bad.toString());
    assertEquals(2, refused.status());
    assertTrue(refused.err().startsWith("perfsim: bad.yaml:28: method[0].selector.mode: unknown mode 'half' "
        + "(valid: one, all, fixed, fixed-percent, random-max-percent)\n"), refused.err());
    CliVerbsTest.Run run = CliVerbsTest.run("experiment", "run", bad.toString(), "--out", tmp.resolve("x").toString());
    assertEquals(2, run.status());
    assertContains(run.err(), "perfsim: INVALID_ARGUMENT: bad.yaml:28: method[0].selector.mode: unknown mode 'half'");
    CliVerbsTest.Run missing = CliVerbsTest.run("experiment", "validate", tmp.resolve("none.yaml").toString());
    assertEquals(2, missing.status());
    assertContains(missing.err(), "perfsim: FILE: no such file: ");
  }

  @Test
  void ctrlCPullsTheKillSwitchExitsWith130AndLeavesTheHostsFree() throws Exception {
    Path file = tmp.resolve("long.yaml");
    Files.writeString(file, """
        title: long
        fleet:
          - {group: ctrlc, hosts: 1, pcpus: 1, guests-per-host: 1}
        steady-state-hypothesis: {guests-running-at-least: 100%}
        method:
          - run: perf record -e cycles -a -- sleep 100000
            selector: {mode: all}
        """);
    try (CliProcess run = CliProcess.start("experiment", "run", file.toString(), "--target", server.target(),
        "--out", tmp.resolve("long").toString())) {
      assertTrue(run.readLine(60).startsWith("experiment x-"));
      assertEquals("hypothesis before: holds (1/1 guests running at 0.000000 s)", run.readLine(60));
      run.interrupt();
      assertEquals(130, run.waitFor(60));
      assertContains(run.stderr(), "perfsim: interrupted; pulling the kill switch of experiment x-");
      assertContains(run.stderr(), "cancelled; its rollback runs on the server");
    }
    StartSessionRequest request = StartSessionRequest.newBuilder().setHosts(HostSelector.newBuilder()
        .setIds(HostIdList.newBuilder().addIds("ctrlc-1"))).setCommandLine("perf stat -e cycles -a -- sleep 1").build();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        Iterator<SessionUpdate> updates = server.sessions().startSession(request);
        updates.forEachRemaining(u -> { });
        return;
      } catch (io.grpc.StatusRuntimeException busy) {
        // the cancelled session releases the host once it reported
        if (System.nanoTime() > end) {
          throw busy;
        }
        Thread.sleep(50);
      }
    }
  }

  @Test
  void listAndShowReadARunBackAndShowWritesTheFolderRunWrote() throws Exception {
    Path ran = tmp.resolve("ran");
    CliVerbsTest.Run r = CliVerbsTest.run("experiment", "run", examples().resolve("2012-incident.yaml").toString(),
        "--target", server.target(), "--out", ran.toString());
    assertEquals(1, r.status(), r.err());
    String id = r.out().substring("experiment ".length(), r.out().indexOf(':'));

    CliVerbsTest.Run list = CliVerbsTest.run("experiment", "list", "--target", server.target());
    assertEquals(0, list.status(), list.err());
    assertTrue(list.out().startsWith("EXPERIMENT  STATUS"), list.out());
    List<String> row = List.of(list.out().lines().filter(l -> l.startsWith(id + " ")).findFirst()
        .orElseThrow(() -> new AssertionError(id + " missing from:\n" + list.out())).split(" {2,}"));
    assertEquals(List.of(id, "deviated", "The 2012 incident, cycles:p -ag on one host", "2012-incident.yaml"),
        row.subList(0, 4));
    assertTrue(row.get(4).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), row.toString());

    Path shown = tmp.resolve("shown");
    CliVerbsTest.Run show = CliVerbsTest.run("experiment", "show", id, "--target", server.target(), "--out",
        shown.toString());
    assertEquals(0, show.status(), show.err());
    List<String> lines = show.out().lines().toList();
    assertEquals("experiment " + id + ": The 2012 incident, cycles:p -ag on one host (2012-incident.yaml)",
        lines.get(0));
    assertEquals("status: deviated", lines.get(1));
    assertTrue(lines.get(2).matches("started: \\S+Z, ended: \\S+Z"), lines.get(2));
    assertEquals("results: " + shown + " (experiment.yaml, journal.json, run.json, report.json, report.html)",
        lines.get(3));
    for (String file : List.of("experiment.yaml", "journal.json", "run.json", "report.json", "report.html")) {
      assertArrayEquals(Files.readAllBytes(ran.resolve(file)), Files.readAllBytes(shown.resolve(file)), file);
    }
  }

  @Test
  void showRefusesAnUnknownIdAndARunWithoutResultsToWriteWithExit2() throws Exception {
    CliVerbsTest.Run unknown = CliVerbsTest.run("experiment", "show", "x-999999", "--target", server.target());
    assertEquals(2, unknown.status(), unknown.out() + unknown.err());
    assertContains(unknown.err(), "no experiment 'x-999999' (unknown, or aged out of the server's history)");
    CliVerbsTest.Run empty = CliVerbsTest.run("experiment", "show", "", "--target", server.target());
    assertEquals(2, empty.status(), empty.out() + empty.err());
    assertContains(empty.err(), "experiment_id");

    var experiments = org.perfsim.api.v1.ExperimentServiceGrpc.newBlockingStub(server.channel())
        .withDeadlineAfter(2, TimeUnit.MINUTES);
    Iterator<org.perfsim.api.v1.ExperimentUpdate> updates = experiments.runExperiment(
        org.perfsim.api.v1.RunExperimentRequest.newBuilder().setExperimentYaml(
            """
            title: runs until cancelled
            fleet:
              - {group: shown, hosts: 1, pcpus: 1, guests-per-host: 1}
            steady-state-hypothesis: {guests-running-at-least: 100%}
            method:
              - run: perf record -e cycles -a -- sleep 100000
                selector: {mode: all}
            """).build());
    String id = updates.next().getStarted().getExperimentId();
    try {
      CliVerbsTest.Run running = CliVerbsTest.run("experiment", "show", id, "--target", server.target(), "--out",
          tmp.resolve("none").toString());
      assertEquals(2, running.status(), running.out() + running.err());
      assertEquals("perfsim: --out: experiment " + id + " is running: it has no results to write\n", running.err());
      assertFalse(Files.exists(tmp.resolve("none")));
      CliVerbsTest.Run plain = CliVerbsTest.run("experiment", "show", id, "--target", server.target());
      assertEquals(0, plain.status(), plain.err());
      assertContains(plain.out(), "status: running\nstarted: ");
      assertContains(plain.out(), ", ended: -\n");
    } finally {
      experiments.cancelExperiment(org.perfsim.api.v1.CancelExperimentRequest.newBuilder().setExperimentId(id)
          .build());
      updates.forEachRemaining(u -> { });
    }
  }
}
