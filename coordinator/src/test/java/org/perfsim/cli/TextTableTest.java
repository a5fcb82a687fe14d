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

  @Test
  void aNarrowWidthCutsOnlyTheShrinkableColumnSoEveryLineFits() {
    TextTable wide = new TextTable(List.of("HOST", "PERF", "N"))
        .add(List.of("host-0", "[ perf record: Captured and wrote 40000 samples ]", "1"))
        .add(List.of("host-1", "short", "2"));
    String text = wide.toText(30, 1);
    text.lines().forEach(l -> assertEquals(true, l.length() <= 30, l));
    assertEquals("host-0  [ perf record: Cap…  1", text.lines().toList().get(2));
    assertEquals("host-1  short                2", text.lines().toList().get(3));
    // wide enough: unchanged; too narrow even for the column's header: cut to the header's width
    assertEquals(wide.toText(), wide.toText(200, 1));
    assertEquals("host-0  [ p…  1", wide.toText(12, 1).lines().toList().get(2));
  }
}
