package org.perfsim.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A table of strings and its three printed forms: aligned text for terminals, a GitHub markdown table,
 * and RFC 4180 CSV. The one table printer of the CLI.
 */
public final class TextTable {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  public TextTable(List<String> header) {
    this.header = List.copyOf(header);
  }

  public TextTable add(List<String> row) {
    if (row.size() != header.size()) {
      throw new IllegalArgumentException("row has " + row.size() + " cells, header " + header.size());
    }
    rows.add(List.copyOf(row));
    return this;
  }

  public List<String> header() {
    return header;
  }

  public List<List<String>> rows() {
    return List.copyOf(rows);
  }

  /** Columns padded to their widest cell, two spaces apart, a rule under the header. */
  public String toText() {
    int[] width = widths();
    StringBuilder sb = new StringBuilder();
    appendAligned(sb, header, width);
    List<String> rule = new ArrayList<>();
    for (int w : width) {
      rule.add("-".repeat(w));
    }
    appendAligned(sb, rule, width);
    rows.forEach(r -> appendAligned(sb, r, width));
    return sb.toString();
  }

  /**
   * As {@link #toText()}, but column {@code shrinkable}'s cells are cut (ending in "…") so each line fits in
   * {@code maxWidth} characters, or to the width of that column's header when even that is too wide.
   */
  public String toText(int maxWidth, int shrinkable) {
    int[] width = widths();
    int total = (width.length - 1) * 2;
    for (int w : width) {
      total += w;
    }
    if (total <= maxWidth) {
      return toText();
    }
    // never narrower than the column's header: a terminal narrower than the other columns wraps the rest
    int fitted = Math.max(width[shrinkable] - (total - maxWidth), Math.max(header.get(shrinkable).length(), 2));
    TextTable cut = new TextTable(header);
    for (List<String> row : rows) {
      List<String> cells = new ArrayList<>(row);
      String cell = cells.get(shrinkable);
      if (cell.length() > fitted) {
        cells.set(shrinkable, cell.substring(0, fitted - 1) + "…");
      }
      cut.add(cells);
    }
    return cut.toText();
  }

  public String toMarkdown() {
    StringBuilder sb = new StringBuilder();
    sb.append(markdownRow(header));
    sb.append(header.stream().map(h -> "---").collect(Collectors.joining("|", "|", "|\n")));
    rows.forEach(r -> sb.append(markdownRow(r)));
    return sb.toString();
  }

  public String toCsv() {
    StringBuilder sb = new StringBuilder();
    sb.append(csvRow(header));
    rows.forEach(r -> sb.append(csvRow(r)));
    return sb.toString();
  }

  private int[] widths() {
    int[] width = new int[header.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = header.get(i).length();
      for (List<String> r : rows) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    return width;
  }

  private static void appendAligned(StringBuilder sb, List<String> cells, int[] width) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      line.append(i == 0 ? "" : "  ").append(cells.get(i));
      if (i < cells.size() - 1) {
        line.append(" ".repeat(width[i] - cells.get(i).length()));
      }
    }
    sb.append(line.toString().stripTrailing()).append('\n');
  }

  private static String markdownRow(List<String> cells) {
    return cells.stream().map(c -> c.replace("|", "\\|")).collect(Collectors.joining(" | ", "| ", " |\n"));
  }

  private static String csvRow(List<String> cells) {
    return cells.stream().map(TextTable::csvCell).collect(Collectors.joining(",", "", "\r\n"));
  }

  private static String csvCell(String cell) {
    boolean quote = cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r");
    return quote ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
  }
}
