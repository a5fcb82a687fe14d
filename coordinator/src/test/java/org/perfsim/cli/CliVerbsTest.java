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
