package org.perfsim.groundtruth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads perf's {@code -vv} text: the {@code perf_event_attr:} blocks printed between dashed lines
 * (perf prints {@code "  %-32s %s"} per non-zero field, so absent fields are zero) and the event
 * syntax error report.
 */
public final class VerboseOutput {

  static final String ATTR_HEADER = "perf_event_attr:";
  static final String SYNTAX_ERROR_PREFIX = "event syntax error: '";
  static final String CARET = "\\___ ";
  /** perf prints this after every rejected {@code -e} argument, reported or not. */
  static final String EVENT_LIST_HINT = "Run 'perf list' for a list of valid events";

  private VerboseOutput() {}

  /** Every attr block in order; each an insertion-ordered, unmodifiable field -> value map. */
  public static List<Map<String, String>> attrBlocks(String text) {
    List<Map<String, String>> blocks = new ArrayList<>();
    Map<String, String> current = null;
    for (String line : text.split("\n", -1)) {
      if (line.equals(ATTR_HEADER)) {
        current = new LinkedHashMap<>();
      } else if (current != null && isDashes(line)) {
        blocks.add(Collections.unmodifiableMap(current));
        current = null;
      } else if (current != null && line.startsWith("  ")) {
        addField(current, line.strip());
      }
    }
    return List.copyOf(blocks);
  }

  /** The first event syntax error report in {@code text}, if any. */
  public static Optional<PerfSyntaxError> syntaxError(String text) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i + 1 < lines.length; i++) {
      String eventLine = lines[i];
      if (eventLine.startsWith(SYNTAX_ERROR_PREFIX) && eventLine.endsWith("'")) {
        String caretLine = lines[i + 1];
        int caret = caretLine.indexOf(CARET);
        if (caret >= 0 && caretLine.substring(0, caret).isBlank()) {
          String shown = eventLine.substring(SYNTAX_ERROR_PREFIX.length(), eventLine.length() - 1);
          String message = caretLine.substring(caret + CARET.length());
          return Optional.of(new PerfSyntaxError(eventLine, caretLine, shown, caret, message));
        }
      }
    }
    return Optional.empty();
  }

  private static boolean isDashes(String line) {
    return line.length() >= 10 && line.chars().allMatch(c -> c == '-');
  }

  /** A field name is one word, or a braced union such as {@code { sample_period, sample_freq }}. */
  private static void addField(Map<String, String> block, String entry) {
    int nameEnd = entry.startsWith("{") ? entry.indexOf('}') + 1 : firstWhitespace(entry);
    if (nameEnd <= 0 || nameEnd >= entry.length()) {
      return;
    }
    block.put(entry.substring(0, nameEnd), entry.substring(nameEnd).strip());
  }

  private static int firstWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }
}
