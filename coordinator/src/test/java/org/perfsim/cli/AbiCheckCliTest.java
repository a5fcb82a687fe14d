package org.perfsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code perfsim abi-check} end to end, in-process: the 2012 verdicts, the formats and the exit status. */
class AbiCheckCliTest {

  private static CliVerbsTest.Run run(String... args) {
    return CliVerbsTest.run(args);
  }

  @Test
  void theRequireExcludeGuestCheckIsARegressionAndExitsOne() {
    CliVerbsTest.Run r = run("abi-check", "--from", "3.6", "--to", "3.7-rc");
    assertEquals(AbiCheckCommand.REGRESSION, r.status(), r.err());
    assertTrue(r.out().startsWith("abi-check 3.6 -> 3.7-rc: 7 cases, 2 regressions, 2 fixes,"), r.out());
    String regressions = r.out().substring(r.out().indexOf("Regressions (worked under 3.6, fail under 3.7-rc):"),
        r.out().indexOf("Fixes ("));
    assertTrue(regressions.matches("(?s).*3\\.6 +`cycles:pp` +ivybridge +0 +ok +eopnotsupp +EOPNOTSUPP: precise_ip 2 "
        + "requires exclude_guest\n.*"), regressions);
    assertTrue(regressions.matches("(?s).*3\\.6 +`cycles:pp` +ivybridge +4 idle +ok +eopnotsupp .*"), regressions);
    assertTrue(r.out().endsWith("verdict: REGRESSION (2 cases that worked under 3.6 fail under 3.7-rc)\n"), r.out());
  }

  @Test
  void perf36CyclesPAndCyclesPpOnAHostWithoutGuestsRegressInJson() throws Exception {
    CliVerbsTest.Run r = run("abi-check", "--from", "3.6", "--to", "3.7-rc", "--perf-versions", "3.6",
        "--events", "cycles:p;cycles:pp", "--guests", "0", "--format", "json");
    assertEquals(AbiCheckCommand.REGRESSION, r.status(), r.err());
    JsonNode diff = new ObjectMapper().readTree(r.out());
    assertTrue(diff.get("regression").asBoolean());
    assertEquals(2, diff.get("regressions").size());
    for (int i = 0; i < 2; i++) {
      JsonNode change = diff.get("regressions").get(i);
      assertEquals(i == 0 ? "cycles:p" : "cycles:pp", change.get("after").get("event").asText());
      assertEquals("ok", change.get("before").get("outcome").asText());
      assertEquals(95, change.get("after").get("errno").asInt());
    }
    assertEquals(0, diff.get("fixes").size());
  }

  @Test
  void theRevertBringsThemBackWithoutRegressionAndTheCrashesAreNotFixed() {
    CliVerbsTest.Run r = run("abi-check", "--from", "3.7-rc", "--to", "3.8", "--format", "markdown");
    assertEquals(0, r.status(), r.err());
    assertFalse(r.out().contains("Regressions"), r.out());
    assertTrue(r.out().contains("""
        ### Back (failed under 3.7-rc, run under 3.8):

        | perf | event | cpu | guests | 3.7-rc | 3.8 | reason |
        |---|---|---|---|---|---|---|
        | 3.6 | `cycles:pp` | ivybridge | 0 | eopnotsupp | ok | EOPNOTSUPP: precise_ip 2 requires exclude_guest |
        """), r.out());
    assertTrue(r.out().contains("### Guest crashes not fixed (crash guests under 3.8):"), r.out());
    assertTrue(r.out().contains("| 3.6 | `cycles:pp` | ivybridge | 4 | eopnotsupp | guests-crashed |"), r.out());
    assertTrue(r.out().contains("| modern | `cycles:pp` | ivybridge | 4 | ok-host-only | guests-crashed |"), r.out());
    assertTrue(r.out().endsWith("verdict: no regression\n"), r.out());
  }

  @ParameterizedTest(name = "3.6 -> {0}")
  @ValueSource(strings = {"modern", "include-guest"})
  void modernAndIncludeGuestRegressNothingAndFixTheCrashes(String to) {
    CliVerbsTest.Run r = run("abi-check", "--from", "3.6", "--to", to, "--format", "csv");
    assertEquals(0, r.status(), r.err());
    assertFalse(r.out().contains("regression,"), r.out());
    assertTrue(r.out().contains("fix,3.6,cycles:pp,ivybridge,4,3.6," + to + ",guests-crashed,ok-host-only,"), r.out());
    assertTrue(r.out().contains("fix,modern,cycles:pp,ivybridge,4,3.6," + to + ",guests-crashed,ok-host-only,"),
        r.out());
    assertFalse(r.out().contains("crash,"), r.out());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "--from nope --to 3.8|--from: unknown value 'nope'",
      "--from 3.6 --to 3.9|--to: unknown value '3.9'",
      "--to 3.8|Missing required option: '--from=<from>'",
      "--from 3.6 --to 3.8 --format xml|--format: unknown value 'xml'",
      "--from 3.6 --to 3.8 --guests 999|--guests: must be within 0..256",
      "--from 3.6 --to 3.8 --cpus pentium|--cpus: unknown value 'pentium'",
      "--from 3.6 --to 3.8 --perf-versions 2.6|--perf-versions: unknown value '2.6'"})
  void badInputExitsTwoNamingTheOption(String args, String message) {
    java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of("abi-check"));
    argv.addAll(java.util.List.of(args.split(" ")));
    CliVerbsTest.Run r = run(argv.toArray(String[]::new));
    assertEquals(PerfsimCli.USAGE_ERROR, r.status(), r.out());
    assertTrue(r.err().contains(message), r.err());
    assertEquals("", r.out());
  }
}
