package org.perfsim.groundtruth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The harness against the real binary: these facts are what every ground-truth test relies on. */
class InstalledPerfTest {

  @BeforeEach
  void needsPerf61() {
    InstalledPerf.assumeAvailable();
  }

  @Test
  void recordPrintsTheAttrItBuiltAsTheFirstBlock() {
    PerfRun run = InstalledPerf.recordEvents("cycles:pp");

    Map<String, String> attr = run.firstAttr().orElseThrow();
    assertTrue(run.acceptedEvents());
    assertEquals("128", attr.get("size"));
    assertEquals("2", attr.get("precise_ip"));
    assertEquals("1", attr.get("exclude_guest"));
    assertFalse(attr.containsKey("type"), "type 0 (HARDWARE) is not printed");
  }

  @Test
  void statPrintsItsAttrToo() {
    PerfRun run = InstalledPerf.statEvents("cycles:u");

    Map<String, String> attr = run.firstAttr().orElseThrow();
    assertEquals("1", attr.get("exclude_kernel"));
    assertEquals("1", attr.get("exclude_hv"));
  }

  @Test
  void syntaxErrorIsCapturedWithCaretAndExitStatus() {
    PerfRun run = InstalledPerf.recordEvents("cycles:pppp");

    PerfSyntaxError error = run.syntaxError().orElseThrow();
    assertEquals("Bad modifier", error.message());
    assertEquals("event syntax error: ".length() + "cycles:".length() + 1, error.caretColumn());
    assertTrue(run.attrBlocks().isEmpty());
    assertNotEquals(0, run.exitCode());
  }

  @Test
  void anAbortWithoutReportIsStillARejection() {
    PerfRun run = InstalledPerf.recordEvents("L1-icache-stores");

    assertTrue(run.syntaxError().isEmpty());
    assertFalse(run.acceptedEvents());
    assertEquals(129, run.exitCode());
  }
}
