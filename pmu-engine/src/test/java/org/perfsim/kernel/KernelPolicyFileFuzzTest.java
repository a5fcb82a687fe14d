package org.perfsim.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.perfsim.fuzz.Mutations;

/**
 * Kernel policy files near valid and not: policies, or a {@link KernelPolicyFileException} naming the source, a
 * line within the text and the problem; no YAML or other exception escapes.
 */
class KernelPolicyFileFuzzTest {
  private static final String BUILT_IN = builtInText();
  private static final String ONE = KernelPolicyFile.write(KernelPolicy.MODERN).replace("id: modern", "id: mine");

  @Property(tries = 800)
  void nearValidFilesAreReadOrRefusedNamingLineAndField(@ForAll("nearValid") String text) {
    readOrRefuse(text);
  }

  @Property(tries = 200)
  void arbitraryTextIsReadOrRefusedNamingLineAndField(@ForAll String text) {
    readOrRefuse(text);
  }

  private static void readOrRefuse(String text) {
    try {
      assertFalse(KernelPolicyFile.parse("fuzz.yaml", text, List.of()).isEmpty());
    } catch (KernelPolicyFileException refused) {
      assertTrue(refused.getMessage().startsWith("fuzz.yaml"), refused.getMessage());
      assertFalse(refused.problem().isBlank());
      assertTrue(refused.line() >= 1 && refused.line() <= text.split("\n", -1).length + 1,
          () -> "line " + refused.line() + ": " + refused.getMessage());
    }
  }

  @Provide
  Arbitrary<String> nearValid() {
    return Mutations.of(List.of(BUILT_IN, ONE, "---\n" + ONE + "---\n"), List.of("id: ", "description: ",
        "attr-abi: ", "precise-limit: ", "precise-open: ", "intel-vm-entry: ", "nmi-throttle-race: ", "---\n",
        "\"", "'", "[", "]", "{", "}", "&a", "*a", "!!binary ", "<<: *a", "\t", "- ", "#", ": ", "? ", "|\n",
        "true", "~", "2026-fix", "linux-3.6", "allow"), 4);
  }

  private static String builtInText() {
    try (InputStream in = KernelPolicy.class.getClassLoader().getResourceAsStream(KernelPolicy.BUILT_IN_RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
