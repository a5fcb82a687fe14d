package org.perfsim.coordinator.core.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.perfsim.coordinator.core.CoreError;
import org.perfsim.coordinator.core.Defaults;

/** Experiment files: errors name the file, the line and the field; defaults are filled; the resolved file reads back. */
class ExperimentReaderTest {
  static final String VALID = """
      title: t
      fleet:
        - group: web
          hosts: 4
          kernel: "3.6"
      steady-state-hypothesis:
        guests-running-at-least: 99%
      method:
        - name: first
          at: 0s
          run: perf record -e cycles:p -ag -- sleep 1
          selector:
            mode: one
        - name: second
          at: 5s
          run: perf record -e cycles:p -ag -- sleep 1
          selector:
            groups: [web]
            mode: fixed-percent
            value: 50%
      """;

  static CoreError refused(String text) {
    return assertThrows(CoreError.class, () -> ExperimentReader.read("experiment.yaml", text));
  }

  @Test
  void aBadSelectorValueNamesTheLineAndThePath() {
    CoreError e = refused(VALID.replace("value: 50%", "value: 120%"));
    assertEquals("experiment.yaml:20: method[1].selector.value: must be within 0%..100%, got 120%", e.getMessage());
    assertEquals("method[1].selector.value", e.field());
    assertEquals(CoreError.Kind.INVALID_ARGUMENT, e.kind());
  }

  @Test
  void anUnknownKeyIsRefusedWithTheValidOnes() {
    CoreError e = refused(VALID.replace("      mode: one", "      mode: one\n      precent: 5"));
    assertEquals("experiment.yaml:14: method[0].selector.precent: unknown key (valid: groups, mode, value)",
        e.getMessage());
  }

  @Test
  void anUnknownCpuNamesTheGroupFieldAndTheValidIds() {
    CoreError e = refused(VALID.replace("    kernel: \"3.6\"", "    kernel: \"3.6\"\n    cpu: pentium"));
    assertTrue(e.getMessage().startsWith("experiment.yaml:6: fleet[0].cpu: unknown CPU model 'pentium' (valid: "),
        e.getMessage());
  }

  @Test
  void aHostSpecPastTheApiLimitsIsRefusedByTheApiRule() {
    CoreError e = refused(VALID.replace("    kernel: \"3.6\"", "    kernel: \"3.6\"\n    pcpus: 100000"));
    assertEquals("experiment.yaml:6: fleet[0].pcpus: must be within 1..256, got 100000", e.getMessage());
  }

  @Test
  void aCommandLineEveryInstalledPerfRejectsGetsPerfsOwnText() {
    CoreError e = refused(VALID.replace("-e cycles:p -ag -- sleep 1\n    selector:\n      mode: one",
        "-e cycles:pppp -ag -- sleep 1\n    selector:\n      mode: one"));
    assertTrue(e.getMessage().startsWith("experiment.yaml:11: method[0].run: perf 6.1 rejects the command:\n"),
        e.getMessage());
    assertTrue(e.getMessage().contains("event syntax error: 'cycles:pppp'"), e.getMessage());
  }

  @Test
  void aStepMayNotStartBeforeThePreviousOneEnds() {
    CoreError e = refused(VALID.replace("at: 5s", "at: 500ms"));
    assertEquals("experiment.yaml:15: method[1].at: must not be before the previous step's end (1s), got 500ms",
        e.getMessage());
  }

  @Test
  void aSelectorNamingNoGroupListsTheGroups() {
    CoreError e = refused(VALID.replace("groups: [web]", "groups: [db]"));
    assertEquals("experiment.yaml:18: method[1].selector.groups[0]: no host group 'db' (groups: web)", e.getMessage());
  }

  @Test
  void aMissingRequiredKeyNamesTheMappingsLine() {
    CoreError e = refused(VALID.replace("steady-state-hypothesis:\n  guests-running-at-least: 99%\n", ""));
    assertEquals("experiment.yaml:1: steady-state-hypothesis: required", e.getMessage());
  }

  @Test
  void textThatIsNotYamlSaysWhereTheParserStopped() {
    CoreError e = refused("title: t\nfleet: [a, b\n");
    assertTrue(e.getMessage().startsWith("experiment.yaml:2: not YAML: while parsing a flow sequence"), e.getMessage());
  }

  @Test
  void defaultsAreFilledFromTheApisOwnDefaults() {
    Experiment e = ExperimentReader.read("x.yaml", VALID);
    assertEquals(Defaults.SEED, e.seed());
    assertEquals(1, e.repetitions());
    Experiment.HostGroup web = e.fleet().get(0);
    assertEquals(List.of(Defaults.CPU, Defaults.PERF, Defaults.PCPUS, Defaults.GUESTS_PER_HOST),
        List.of(web.cpu(), web.perf(), web.pcpus(), web.guestsPerHost()));
    assertEquals(List.of("web-1", "web-2", "web-3", "web-4"), web.hostIds());
    assertEquals(16, e.guestsTotal());
    assertEquals(Experiment.Selector.Mode.FIXED_PERCENT, e.method().get(1).selector().mode());
    assertEquals(OptionalLong.of(5_000_000_000L), e.method().get(1).atNanos());
  }

  @Test
  void perfDataIsOffByDefaultAndOnTakesTheApisDefaultSamplesWhichTheResolvedFileKeeps() {
    Experiment e = ExperimentReader.read("x.yaml", VALID.replace("      mode: one\n",
        "      mode: one\n    perf-data: true\n"));
    assertEquals(Defaults.PERF_DATA_SAMPLES_PER_CPU, e.method().get(0).perfDataSamplesPerCpu());
    assertEquals(0, e.method().get(1).perfDataSamplesPerCpu());
    String resolved = ResolvedExperiment.yaml(e);
    assertTrue(resolved.contains("perf-data-samples: " + Defaults.PERF_DATA_SAMPLES_PER_CPU), resolved);
    assertEquals(e, ExperimentReader.read("experiment.yaml", resolved), resolved);
    CoreError tooMany = refused(VALID.replace("      mode: one\n",
        "      mode: one\n    perf-data: true\n    perf-data-samples: 10001\n"));
    assertEquals("experiment.yaml:15: method[0].perf-data-samples: must be within 1..10000, got 10001",
        tooMany.getMessage());
  }

  static Stream<Path> examples() throws Exception {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(dir.resolve("examples"))) {
      dir = dir.getParent();
    }
    return Files.list(dir.resolve("examples")).filter(p -> p.toString().endsWith(".yaml")).sorted();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleIsValidAndItsResolvedFileReadsBackToTheSameExperiment(Path example) throws Exception {
    Experiment read = ExperimentReader.read(example.getFileName().toString(), Files.readString(example));
    String resolved = ResolvedExperiment.yaml(read);
    assertEquals(read, ExperimentReader.read("experiment.yaml", resolved), resolved);
    assertEquals(resolved, ResolvedExperiment.yaml(ExperimentReader.read("experiment.yaml", resolved)));
  }
}
