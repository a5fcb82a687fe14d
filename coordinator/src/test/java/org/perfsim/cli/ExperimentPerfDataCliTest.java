package org.perfsim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.perfsim.coordinator.LoopbackCoordinator.assertContains;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.perfsim.coordinator.LoopbackCoordinator;

/**
 * {@code perf-data: true} on experiment steps: every host of such a step (and of each of its stages) comes back as
 * {@code perf-data/SEED/step-N[-stage-K]/HOST.perf.data} in the results folder, named by the journal, which the
 * installed perf reads into the journal's sample counts; the journal stays the same run after run; bad values are
 * refused with their line and field.
 */
class ExperimentPerfDataCliTest {
  private static final Path PERF = Path.of("/usr/bin/perf");
  private static final Pattern BY_COMM = Pattern.compile("^\\s*[\\d.]+%\\s+(\\d+)\\s+(\\S+)\\s*$", Pattern.MULTILINE);
  private static final String EXPERIMENT = """
      title: perf.data of every step
      seed: 7
      fleet:
        - {group: web, hosts: 2, pcpus: 2, guests-per-host: 2, guest: {busy-share: 0.5}}
      steady-state-hypothesis: {guests-running-at-least: 0%}
      method:
        - name: all at once
          run: perf record -e cycles:k -a -- sleep 0.1
          selector: {mode: all}
          perf-data: true
        - name: counted, no file
          run: perf stat -e cycles -a -- sleep 0.1
          selector: {mode: all}
        - name: rolled out
          run: perf record -e cycles -a -- sleep 0.1
          selector: {mode: all}
          stages: [1, 2]
          perf-data: true
          perf-data-samples: 5000
      """;

  @RegisterExtension
  static final LoopbackCoordinator server = LoopbackCoordinator.perClass("--hosts", "0", "--pcpus", "1");

  @TempDir Path tmp;

  @Test
  void everyHostOfAStepWithPerfDataHasItsFileWhichPerfReadsAsTheJournalCounts() throws Exception {
    Path file = tmp.resolve("pd.yaml");
    Files.writeString(file, EXPERIMENT);
    Path out = tmp.resolve("out");
    CliVerbsTest.Run r = CliVerbsTest.run("experiment", "run", file.toString(), "--target", server.target(), "--out",
        out.toString());
    assertEquals(0, r.status(), r.err() + r.out());
    assertContains(r.out(), "perf.data: 4 files in " + out.resolve("perf-data") + "\n");

    JsonNode journal = new ObjectMapper().readTree(out.resolve("journal.json").toFile());
    JsonNode steps = journal.at("/repetitions/0/steps");
    assertEquals(4, steps.size(), steps.toString());
    List<String> named = new ArrayList<>();
    for (JsonNode step : steps) {
      for (JsonNode host : step.get("results")) {
        JsonNode perfData = host.get("perfData");
        if (step.get("name").asText().equals("counted, no file")) {
          assertTrue(perfData == null, host.toString());
          continue;
        }
        String path = perfData.get("file").asText();
        named.add(path);
        long samplesHost = perfData.get("samplesHost").asLong();
        long samplesGuests = perfData.get("samplesGuests").asLong();
        assertTrue(samplesHost + samplesGuests > 0, host.toString());
        Path written = out.resolve(path);
        assertTrue(Files.size(written) > 0, path);
        if (Files.isExecutable(PERF)) {
          List<String> perf = perf("kvm", "--host", "--guest", "report", "--stdio", "-n", "--sort", "comm", "-i",
              written.toString());
          assertEquals("", perf.get(1).strip(), "perf's stderr on " + path);
          long hostTask = 0;
          long guestThreads = 0;
          Matcher m = BY_COMM.matcher(perf.get(0));
          while (m.find()) {
            if (m.group(2).equals("host-task")) {
              hostTask += Long.parseLong(m.group(1));
            } else {
              guestThreads += Long.parseLong(m.group(1));
            }
          }
          assertEquals(samplesHost, hostTask, path + "\n" + perf.get(0));
          assertEquals(samplesGuests, guestThreads, path + "\n" + perf.get(0));
        }
      }
    }
    // the seeded rollout order decides which host the first stage takes: one each
    assertEquals(4, named.size(), named.toString());
    assertEquals(List.of("perf-data/7/step-1/web-1.perf.data", "perf-data/7/step-1/web-2.perf.data"),
        named.subList(0, 2));
    assertTrue(named.get(2).matches("perf-data/7/step-3-stage-1/web-[12]\\.perf\\.data"), named.toString());
    assertTrue(named.get(3).matches("perf-data/7/step-3-stage-2/web-[12]\\.perf\\.data"), named.toString());
    assertEquals(named.stream().sorted().toList(), sortedFiles(out), "the files written are the journal's");
    assertContains(Files.readString(out.resolve("experiment.yaml")), "perf-data-samples: 5000");

    Path again = tmp.resolve("again");
    CliVerbsTest.Run second = CliVerbsTest.run("experiment", "run", file.toString(), "--target", server.target(),
        "--out", again.toString());
    assertEquals(0, second.status(), second.err());
    assertArrayEquals(Files.readAllBytes(out.resolve("journal.json")), Files.readAllBytes(again.resolve("journal.json")));
  }

  @Test
  void samplesWithoutPerfDataOrOutOfRangeAreRefusedWithTheirLineAndField() throws Exception {
    Path noData = tmp.resolve("no-data.yaml");
    Files.writeString(noData, EXPERIMENT.replace("    perf-data: true\n    perf-data-samples", "    perf-data-samples"));
    CliVerbsTest.Run r = CliVerbsTest.run("experiment", "validate", noData.toString());
    assertEquals(2, r.status(), r.err());
    assertContains(r.err(), "perfsim: no-data.yaml:18: method[2].perf-data-samples: applies to a perf.data file: "
        + "set perf-data: true\n");

    Path zero = tmp.resolve("zero.yaml");
    Files.writeString(zero, EXPERIMENT.replace("perf-data-samples: 5000", "perf-data-samples: 0"));
    CliVerbsTest.Run z = CliVerbsTest.run("experiment", "validate", zero.toString());
    assertEquals(2, z.status(), z.err());
    assertContains(z.err(), "perfsim: zero.yaml:19: method[2].perf-data-samples: must be within 1..10000, got 0\n");

    Path word = tmp.resolve("word.yaml");
    Files.writeString(word, EXPERIMENT.replaceFirst("perf-data: true", "perf-data: yes please"));
    CliVerbsTest.Run w = CliVerbsTest.run("experiment", "validate", word.toString());
    assertEquals(2, w.status(), w.err());
    assertContains(w.err(), "perfsim: word.yaml:10: method[0].perf-data: must be true or false, got 'yes please'\n");
  }

  /** Every file under the results folder's perf-data/, relative to the folder, sorted. */
  private static List<String> sortedFiles(Path out) throws IOException {
    try (Stream<Path> files = Files.walk(out.resolve("perf-data"))) {
      return files.filter(Files::isRegularFile).map(p -> out.relativize(p).toString()).sorted().toList();
    }
  }

  /** stdout and stderr of {@code /usr/bin/perf args}. */
  private static List<String> perf(String... args) throws IOException, InterruptedException {
    Assumptions.assumeTrue(Files.isExecutable(PERF));
    List<String> command = new ArrayList<>(List.of(PERF.toString()));
    command.addAll(List.of(args));
    Path stdout = Files.createTempFile("perf", ".out");
    Path stderr = Files.createTempFile("perf", ".err");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    builder.environment().put("LC_ALL", "C");
    builder.environment().put("PERF_CONFIG_NOSYSTEM", "1");
    builder.environment().put("PERF_CONFIG_NOGLOBAL", "1");
    builder.environment().put("PERF_PAGER", "cat");
    Process p = builder.start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "perf did not finish in 120 s");
    assertEquals(0, p.exitValue(), Files.readString(stderr));
    return List.of(Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8));
  }
}
