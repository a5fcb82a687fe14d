package org.perfsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {
  private final TextTable table = new TextTable(List.of("perf", "event", "3.6"))
      .add(List.of("3.6", "cycles:pp", "guests-crashed"))
      .add(List.of("modern", "a,\"b\"", "ok"));

  @Test
  void textColumnsAreAlignedToTheWidestCell() {
    assertEquals("""
        perf    event      3.6
        ------  ---------  --------------
        3.6     cycles:pp  guests-crashed
        modern  a,"b"      ok
        """, table.toText());
  }

  @Test
  void markdownHasAHeaderRuleAndEscapesPipes() {
    TextTable t = new TextTable(List.of("a", "b")).add(List.of("x|y", "z"));
    assertEquals("| a | b |\n|---|---|\n| x\\|y | z |\n", t.toMarkdown());
  }

  @Test
  void csvQuotesCellsWithCommasOrQuotes() {
    assertEquals("perf,event,3.6\r\n3.6,cycles:pp,guests-crashed\r\nmodern,\"a,\"\"b\"\"\",ok\r\n", table.toCsv());
  }

  @Test
  void aRowOfTheWrongWidthIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> table.add(List.of("only one")));
  }
}
