package org.perfsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.perfsim.abi.AttrCodec;
import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.PerfEventAttr;

/** The CLI verbs end to end, in-process: what a user sees on stdout and stderr, and the exit status. */
class CliVerbsTest {

  record Run(int status, String out, String err) {}

  static Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      var cl = PerfsimCli.commandLine();
      cl.setErr(new java.io.PrintWriter(System.err, true));
      int status = cl.execute(args);
      return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void matrixMarkdownReproducesTheReferenceSeedTable() {
    Run r = run("matrix", "--format", "markdown");
    assertEquals(0, r.status(), r.err());
    String reference = """
        | perf | event | 3.6 | 3.7-rc | 3.8 | include-guest | modern |
        |---|---|---|---|---|---|---|
        | 3.6 | `cycles` | ok | ok | ok | ok | ok |
        | 3.6 | `cycles:pp` | guests-crashed | eopnotsupp (no regression here: it never worked with busy guests) \
        | guests-crashed | ok-host-only | ok-host-only |
        | 3.6 | `cycles:ppH` | ok-host-only | ok-host-only | ok-host-only | ok-host-only | ok-host-only |
        | 3.7 | `cycles:pp` | ok-host-only | ok-host-only | ok-host-only | ok-host-only | ok-host-only |
        | modern | `cycles:pp` | guests-crashed | ok-host-only (after the exclude_guest fallback) | guests-crashed \
        | ok-host-only | ok-host-only |
        """;
    assertTrue(r.out().startsWith(reference), r.out());
    assertTrue(r.out().contains("| 3.6 | `cycles:pp` | 0 | ok | eopnotsupp (regression) | ok | ok-host-only | ok-host-only |"),
        r.out());
    assertTrue(r.out().contains("| 3.6 | `cycles:pp` | 4 idle | ok | eopnotsupp (regression) |"), r.out());
  }

  @Test
  void matrixJsonRowsCarryTheDocumentedFields() throws Exception {
    Run r = run("matrix", "--perf-versions", "3.6", "--events", "cycles:pp", "--kernels", "3.7-rc",
        "--guests", "0", "--format", "json");
    assertEquals(0, r.status(), r.err());
    JsonNode row = new ObjectMapper().readTree(r.out()).get(0);
    assertEquals("3.6", row.get("perfVersion").asText());
    assertEquals("eopnotsupp", row.get("outcome").asText());
    assertEquals(95, row.get("errno").asInt());
    assertTrue(row.get("regression").asBoolean());
    assertEquals(0, row.get("guestsCrashed").asInt());
  }

  @Test
  void attrJsonGivesKernelFieldNamesAndTheEncodedBytes() throws Exception {
    Run r = run("attr", "--perf-version", "3.6", "--json", "-e", "cycles:pp");
    assertEquals(0, r.status(), r.err());
    JsonNode attr = new ObjectMapper().readTree(r.out()).get(0);
    assertEquals(2, attr.get("precise_ip").asInt());
    assertEquals(0, attr.get("exclude_guest").asInt());
    assertEquals(80, attr.get("size").asInt());
    byte[] bytes = AttrCodec.fromHex(attr.get("bytes").asText());
    assertEquals(80, bytes.length);
    PerfEventAttr decoded = AttrCodec.decode(bytes, bytes.length);
    assertEquals(2, decoded.preciseIp());
    assertTrue(!decoded.has(AttrFlag.EXCLUDE_GUEST));
  }

  @Test
  void attrTextPrintsPerfsVerboseBlock() {
    Run r = run("attr", "-e", "cycles:pp");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("perf_event_attr:"), r.out());
    assertTrue(r.out().contains("precise_ip                       2"), r.out());
    assertTrue(r.out().contains("exclude_guest                    1"), r.out());
  }

  @Test
  void aBadEventIsAPerfStyleErrorWithStatusTwo() {
    Run r = run("attr", "-e", "cycles:pppp");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("event syntax error: 'cycles:pppp'"), r.err());
    assertTrue(r.err().contains("\\___ Bad modifier"), r.err());
  }

  @Test
  void matrixExplainSaysPerCaseTheBitsTheKernelRuleAndPebsAtVmEntry() {
    Run r = run("matrix", "--perf-versions", "3.6", "--events", "cycles:pp", "--kernels", "3.6,3.7-rc", "--explain");
    assertEquals(0, r.status(), r.err());
    String out = r.out();
    int crashed = out.indexOf("perf 3.6 cycles:pp on 3.6 (ivybridge, 4 guests): guests-crashed");
    int refused = out.indexOf("perf 3.6 cycles:pp on 3.7-rc (ivybridge, 4 guests): eopnotsupp");
    assertTrue(crashed > 0 && refused > crashed, out);
    assertTrue(out.contains("    attr:      exclude_guest=0 exclude_host=0 precise_ip=2 exclude_user=0 exclude_kernel=0"
        + " (cycles:pp)"), out);
    assertTrue(out.contains("    vm entry:  IA32_PEBS_ENABLE left on; the attr counts guest mode"), out);
    String refusal = out.substring(refused);
    assertTrue(refusal.contains("    kernel:    require-exclude-guest: \"if (!event->attr.exclude_guest) return "
        + "-EOPNOTSUPP;\""), refusal);
    assertTrue(refusal.contains("20b279ddb38c"), refusal);
    assertTrue(refusal.contains("; here: precise_ip 2 requires exclude_guest"), refusal);
    assertTrue(refusal.contains("    vm entry:  no event opened"), refusal);
  }

  @Test
  void matrixJsonExplainAddsAnExplanationObjectPerRow() throws Exception {
    Run r = run("matrix", "--perf-versions", "modern", "--events", "cycles:pp", "--kernels", "3.7-rc", "--format",
        "json", "--explain");
    assertEquals(0, r.status(), r.err());
    JsonNode e = new ObjectMapper().readTree(r.out()).get(0).get("explanation");
    assertEquals("cycles:ppH", e.get("event").asText());
    assertTrue(e.get("excludeGuest").asBoolean());
    assertEquals("require-exclude-guest", e.get("kernelRule").asText());
    assertTrue(e.get("perfFallbacks").toString().contains("Trying to fall back to excluding guest samples"), e.toString());
    Run plain = run("matrix", "--perf-versions", "modern", "--events", "cycles:pp", "--kernels", "3.7-rc", "--format",
        "json");
    assertTrue(new ObjectMapper().readTree(plain.out()).get(0).get("explanation") == null, plain.out());
  }

  @Test
  void matrixWithAnEventNoSelectedPerfAcceptsIsAUsageErrorWithPerfsText() {
    Run r = run("matrix", "--perf-versions", "6.1,modern", "--events", "cycles;cycles:pppp");
    assertEquals(2, r.status(), r.out() + r.err());
    assertEquals("", r.out());
    assertTrue(r.err().contains("perfsim: --events: every selected perf rejects 'cycles:pppp'"), r.err());
    assertTrue(r.err().contains("event syntax error: 'cycles:pppp'"), r.err());
    assertTrue(r.err().contains("\\___ "), r.err()); // the caret line under the bad modifier
  }

  @Test
  void anErrorCaseCarriesItsReasonInEveryFormat() throws Exception {
    String[] selection = {"matrix", "--perf-versions", "6.1", "--events", "ref-cycles", "--cpus", "arm64",
        "--kernels", "3.6"};
    String reason = "ENOENT: hardware event 9 not supported by arm64";
    Run table = run(selection);
    assertTrue(table.out().contains("error (" + reason + ")"), table.out());
    Run markdown = run(concat(selection, "--format", "markdown"));
    assertTrue(markdown.out().contains("| error (" + reason + ") |"), markdown.out());
    Run csv = run(concat(selection, "--format", "csv"));
    assertTrue(csv.out().startsWith("perfVersion,kernel,cpu,event,guests,outcome,errno,precisionUsed,guestsCrashed,"
        + "regression,finalEvent,reason\r\n"), csv.out());
    assertTrue(csv.out().contains(",error,") && csv.out().contains(reason), csv.out());
    Run json = run(concat(selection, "--format", "json"));
    assertEquals(reason, new ObjectMapper().readTree(json.out()).get(0).get("reason").asText());
  }

  private static String[] concat(String[] head, String... tail) {
    String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }

  @Test
  void anUnknownKernelNamesTheOptionAndTheValidValues() {
    Run r = run("matrix", "--kernels", "3.9");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("--kernels: unknown value '3.9' (valid: 3.6, 3.7-rc, 3.8, include-guest, modern, 2026-pre, 2026-fix)"),
        r.err());
  }

  @Test
  void demoShowsTheCascadeAndItsFixes() {
    Run r = run("demo", "--hosts", "2", "--guests", "2", "--pcpus", "2");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith("3.6 ") && l.contains("guests-crashed") && l.contains("0/4")),
        r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith("modern ") && l.contains("ok-host-only") && l.contains("4/4")),
        r.out());
    assertTrue(r.out().contains("Trying to fall back to excluding guest samples"), r.out());
  }
}
