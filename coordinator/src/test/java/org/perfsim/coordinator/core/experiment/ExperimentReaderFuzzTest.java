package org.perfsim.coordinator.core.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.perfsim.coordinator.core.CoreError;
import org.perfsim.fuzz.Mutations;

/**
 * Experiment files near valid (the examples and the reader test's file with a few edits) and not: an
 * experiment, or INVALID_ARGUMENT reading {@code FILE:LINE: ...} with the line inside the file; no YAML, number
 * or other exception escapes.
 */
class ExperimentReaderFuzzTest {
  private static final List<String> SEEDS = seeds();

  @Property(tries = 800)
  void nearValidFilesAreReadOrRefusedNamingFileAndLine(@ForAll("nearValid") String text) {
    readOrRefuse(text);
  }

  @Property(tries = 200)
  void arbitraryTextIsReadOrRefusedNamingFileAndLine(@ForAll String text) {
    readOrRefuse(text);
  }

  private static void readOrRefuse(String text) {
    try {
      assertNotNull(ExperimentReader.read("fuzz.yaml", text).title());
    } catch (CoreError refused) {
      assertEquals(CoreError.Kind.INVALID_ARGUMENT, refused.kind(), refused.getMessage());
      assertTrue(refused.getMessage().matches("(?s)fuzz\\.yaml:\\d+: .+"), refused.getMessage());
      int line = Integer.parseInt(refused.getMessage().split(":")[1]);
      assertTrue(line >= 1 && line <= text.split("\n", -1).length + 1, () -> line + ": " + refused.getMessage());
    }
  }

  @Provide
  Arbitrary<String> nearValid() {
    return Mutations.of(SEEDS, List.of("title: ", "fleet:\n", "  - group: ", "hosts: ", "99999999999999999999",
        "-1", "0", "1e9", "0.5", "100%", "101%", "1s", "999999h", "ns", "mode: ", "one", "all", "fixed",
        "fixed-percent", "random-max-percent", "value: ", "stages: [", "]", "{", "}", "&a ", "*a", "<<: *a", "!!",
        "run: ", "perf record -c 1 -a -- sleep 100000", "sleep", "'", "\"", "\t", "- ", "#", ": ", "? ", "|\n",
        "~", "reboot: ", "never", "guests-per-host: ", "pcpus: ", "memory-mib: ", "abort-when:\n", "rollback:\n",
        "repetitions: ", "seed: "), 4);
  }

  private static List<String> seeds() {
    List<String> seeds = new ArrayList<>(List.of(ExperimentReaderTest.VALID));
    try (Stream<Path> files = Files.list(Path.of("..", "examples"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        seeds.add(Files.readString(file));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return seeds;
  }
}
