package org.perfsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perfsim.deploy.DeployFiles;

/** {@code --kernel-policy-file}: a user's kernel policy through abi-check and matrix, in-process. */
class KernelPolicyCliTest {
  private static final Path EXAMPLES = DeployFiles.locate().root().resolve("examples/kernel-policies");
  private static final String INCLUDE_GUEST_FILE = EXAMPLES.resolve("proposed-include-guest.yaml").toString();

  private static CliVerbsTest.Run run(String... args) {
    return CliVerbsTest.run(args);
  }

  @Test
  void theExampleIncludeGuestProposalReachesTheBuiltInsVerdictAgainst36() {
    CliVerbsTest.Run user = run("abi-check", "--kernel-policy-file", INCLUDE_GUEST_FILE, "--from", "3.6",
        "--to", "proposed-include-guest");
    assertEquals(0, user.status(), user.err());
    assertTrue(user.out().startsWith("abi-check 3.6 -> proposed-include-guest: 7 cases, 0 regressions, 2 fixes,"),
        user.out());
    assertTrue(user.out().endsWith("verdict: no regression\n"), user.out());
    CliVerbsTest.Run builtIn = run("abi-check", "--from", "3.6", "--to", "include-guest");
    // the same knobs give the same cases; only the column widths follow the longer id
    assertEquals(sameButWidths(builtIn.out().replace("include-guest", "proposed-include-guest")),
        sameButWidths(user.out()));
  }

  private static String sameButWidths(String table) {
    return table.replaceAll(" +", " ").replaceAll("-{3,}", "---");
  }

  @Test
  void bringingBackTheExcludeGuestCheckTodayFailsTheGate() {
    CliVerbsTest.Run r = run("abi-check", "--kernel-policy-file",
        EXAMPLES.resolve("proposed-require-exclude-guest-today.yaml").toString(), "--from", "modern",
        "--to", "proposed-require-exclude-guest-today", "--format", "csv");
    assertEquals(AbiCheckCommand.REGRESSION, r.status(), r.err());
    // perf 3.6's cycles:pp sets no exclude_guest: today it samples the host only, under the proposal it fails
    for (String guests : new String[] {"4", "0", "4 idle"}) {
      assertTrue(r.out().contains("regression,3.6,cycles:pp,ivybridge," + guests + ",modern,"
          + "proposed-require-exclude-guest-today,ok-host-only,eopnotsupp,95,EOPNOTSUPP: precise_ip 2 requires "
          + "exclude_guest"), r.out());
    }
  }

  @Test
  void matrixRunsAUserPolicyAsAColumnNextToTheBuiltIns() {
    CliVerbsTest.Run r = run("matrix", "--kernel-policy-file", INCLUDE_GUEST_FILE, "--kernels",
        "3.6,proposed-include-guest", "--perf-versions", "3.6", "--events", "cycles:pp", "--format", "csv");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("3.6,3.6,ivybridge,cycles:pp,4,guests-crashed,"), r.out());
    assertTrue(r.out().contains("3.6,proposed-include-guest,ivybridge,cycles:pp,4,ok-host-only,"), r.out());
  }

  @Test
  void demoRunsTheUserPoliciesAfterTheBuiltInsOnItsActorFleet() {
    CliVerbsTest.Run r = run("demo", "--hosts", "1", "--guests", "2", "--pcpus", "2", "--kernel-policy-file",
        INCLUDE_GUEST_FILE);
    assertEquals(0, r.status(), r.err());
    // perf 3.6's cycles:p (exclude_guest=0): crashes the guests under 3.6, backs off to the host under the proposal
    assertTrue(r.out().matches("(?s).*\\n3\\.6 +1 host +guests-crashed .*"), r.out());
    assertTrue(r.out().matches("(?s).*\\nproposed-include-guest +1 host +ok-host-only .*"), r.out());
  }

  @Test
  void aBadPolicyFileIsAUsageErrorNamingTheFileTheLineAndTheField(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("my-policy.yaml");
    Files.writeString(file, Files.readString(Path.of(INCLUDE_GUEST_FILE))
        .replace("precise-open: include-guest-host-only", "precise-open: maybe"));
    CliVerbsTest.Run r = run("abi-check", "--kernel-policy-file", file.toString(), "--from", "3.6", "--to",
        "proposed-include-guest");
    assertEquals(PerfsimCli.USAGE_ERROR, r.status());
    assertEquals("perfsim: --kernel-policy-file: " + file + ":10: precise-open: unknown value \"maybe\"; valid: allow, "
        + "require-exclude-guest, include-guest-host-only\n", r.err());
  }

  @Test
  void aUserPolicyMayNotShadowABuiltIn(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("shadow.yaml");
    Files.writeString(file, Files.readString(Path.of(INCLUDE_GUEST_FILE)).replace("id: proposed-include-guest",
        "id: modern"));
    CliVerbsTest.Run r = run("matrix", "--kernel-policy-file", file.toString());
    assertEquals(PerfsimCli.USAGE_ERROR, r.status());
    assertTrue(r.err().startsWith("perfsim: --kernel-policy-file: " + file + ":6: id: \"modern\" is a built-in "
        + "kernel policy; choose another id"), r.err());
  }

  @Test
  void aMissingFileOrAnUnknownPolicyIsAUsageError(@TempDir Path dir) {
    CliVerbsTest.Run missing = run("abi-check", "--kernel-policy-file", dir.resolve("nope.yaml").toString(),
        "--from", "3.6", "--to", "3.8");
    assertEquals(PerfsimCli.USAGE_ERROR, missing.status());
    assertTrue(missing.err().startsWith("perfsim: --kernel-policy-file: cannot read " + dir.resolve("nope.yaml")),
        missing.err());
    CliVerbsTest.Run unknown = run("abi-check", "--from", "3.6", "--to", "proposed-include-guest");
    assertEquals(PerfsimCli.USAGE_ERROR, unknown.status());
    assertTrue(unknown.err().startsWith("perfsim: --to: unknown value 'proposed-include-guest' (valid: 3.6, 3.7-rc,"),
        unknown.err());
  }
}
