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

  /**
   * The blocks of first open attempts, one per event perf tried to open, in order: blocks perf
   * printed again after a fallback ({@code decreasing precise_ip}, {@code fall back},
   * {@code switching off}) are left out.
   */
  public static List<Map<String, String>> firstAttemptBlocks(String text) {
    List<Map<String, String>> firstAttempts = new ArrayList<>();
    List<Map<String, String>> blocks = attrBlocks(text);
    String[] between = text.split(ATTR_HEADER, -1);
    for (int i = 0; i < blocks.size() && i + 1 < between.length; i++) {
      if (!isRetry(tail(between[i]))) {
        firstAttempts.add(blocks.get(i));
      }
    }
    return List.copyOf(firstAttempts);
  }

  /**
   * Counter names from {@code perf stat -x SEPARATOR} output: the third field of every CSV counter
   * line ({@code <not supported>;;cycles:u;0;100.00;;}), in print order.
   */
  public static List<String> statCounterNames(String text, String separator) {
    List<String> names = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      String[] fields = line.split(java.util.regex.Pattern.quote(separator), -1);
      if (fields.length >= 5 && isCounterValue(fields[0]) && !fields[2].isEmpty()) {
        names.add(fields[2]);
      }
    }
    return List.copyOf(names);
  }

  private static boolean isCounterValue(String field) {
    return field.startsWith("<not ") || field.matches("[0-9][0-9.,]*");
  }

  /**
   * What perf printed between the previous block's closing dashes and this block's opening dashes
   * ({@code chunk} runs from the previous header to this one).
   */
  private static String tail(String chunk) {
    String dashes = "-".repeat(10);
    int closing = chunk.indexOf(dashes);
    int opening = chunk.lastIndexOf(dashes);
    return closing < 0 || closing == opening ? "" : chunk.substring(closing, opening);
  }

  private static boolean isRetry(String before) {
    return before.contains("decreasing precise_ip") || before.contains("fall back")
        || before.contains("switching off");
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
