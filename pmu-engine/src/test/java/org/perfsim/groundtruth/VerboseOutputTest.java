package org.perfsim.groundtruth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerboseOutputTest {

  private static final String DASHES = "-".repeat(60);

  private static final String TWO_BLOCKS = String.join("\n",
      "Using CPUID AuthenticAMD-26-2-1",
      DASHES,
      "perf_event_attr:",
      "  size                             128",
      "  { sample_period, sample_freq }   4000",
      "  sample_type                      IP|TID|TIME|PERIOD",
      "  precise_ip                       2",
      "  exclude_guest                    1",
      DASHES,
      "sys_perf_event_open failed, error -2",
      DASHES,
      "perf_event_attr:",
      "  type                             1",
      "  config                           0x9",
      "  { wakeup_events, wakeup_watermark } 1",
      DASHES,
      "");

  @Test
  void attrBlocksKeepPrintOrderAndValuesAsPrinted() {
    List<Map<String, String>> blocks = VerboseOutput.attrBlocks(TWO_BLOCKS);

    assertEquals(2, blocks.size());
    assertEquals(List.of("size", "{ sample_period, sample_freq }", "sample_type", "precise_ip",
        "exclude_guest"), List.copyOf(blocks.get(0).keySet()));
    assertEquals("IP|TID|TIME|PERIOD", blocks.get(0).get("sample_type"));
    assertEquals("4000", blocks.get(0).get("{ sample_period, sample_freq }"));
  }

  @Test
  void aBracedFieldLongerThanThePaddingStillSplitsAtTheBrace() {
    Map<String, String> second = VerboseOutput.attrBlocks(TWO_BLOCKS).get(1);

    assertEquals("1", second.get("{ wakeup_events, wakeup_watermark }"));
    assertEquals("0x9", second.get("config"));
  }

  @Test
  void syntaxErrorReportGivesShownInputCaretColumnAndMessage() {
    String text = "Using CPUID x\n"
        + "event syntax error: 'cycles:pppp'\n"
        + "                            \\___ Bad modifier\n"
        + "Run 'perf list' for a list of valid events\n";

    PerfSyntaxError error = VerboseOutput.syntaxError(text).orElseThrow();

    assertEquals("cycles:pppp", error.shownInput());
    assertEquals(28, error.caretColumn());
    assertEquals("Bad modifier", error.message());
  }

  @Test
  void outputWithoutReportHasNoSyntaxError() {
    assertTrue(VerboseOutput.syntaxError(TWO_BLOCKS).isEmpty());
  }

  @Test
  void firstAttemptsSkipTheBlocksOfAFallbackRetry() {
    String text = String.join("\n",
        DASHES, "perf_event_attr:", "  precise_ip                       3", DASHES,
        "sys_perf_event_open failed, error -95",
        "decreasing precise_ip by one (2)",
        DASHES, "perf_event_attr:", "  precise_ip                       2", DASHES,
        "sys_perf_event_open: pid 1  cpu -1  group_fd -1  flags 0x8 = 3",
        DASHES, "perf_event_attr:", "  type                             1", DASHES, "");

    List<Map<String, String>> first = VerboseOutput.firstAttemptBlocks(text);

    assertEquals(List.of(Map.of("precise_ip", "3"), Map.of("type", "1")), first);
  }

  @Test
  void statCsvLinesGiveTheCounterNames() {
    String text = "failed to read counter cycles:u\n"
        + "<not counted>;msec;cpu-clock;0;100.00;;\n"
        + "<not supported>;;cycles:u;0;100.00;;\n"
        + "47;;page-faults;2485764;100.00;;\n";

    assertEquals(List.of("cpu-clock", "cycles:u", "page-faults"),
        VerboseOutput.statCounterNames(text, ";"));
  }
}
