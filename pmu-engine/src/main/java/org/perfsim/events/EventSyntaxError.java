package org.perfsim.events;

/**
 * A rejected event string, as perf reports it.
 *
 * @param input    the whole {@code -e} argument
 * @param position 0-based index into {@code input} that perf's caret points at ({@code -1} is a real
 *                 perf value: errors without a location, e.g. {@code 'freq' is not usable in 'perf
 *                 stat'}); {@link #UNREPORTED} when perf aborts without a report
 * @param message  perf's message ({@code Bad modifier}, {@code parser error}, ...), or for an
 *                 unreported abort perfsim's explanation
 */
public record EventSyntaxError(String input, int position, String message) {

  /** Position of an error perf rejects without printing a report (only its "Run 'perf list'" hint). */
  public static final int UNREPORTED = Integer.MIN_VALUE;

  static final String PREFIX = "event syntax error: ";
  /** perf formats for its terminal width, 80 columns when stdout is not a terminal. */
  static final int TERMINAL_COLUMNS = 80;
  /** perf's {@code max_err_idx}: beyond this column the input is cut from the left. */
  static final int MAX_CARET_INDEX = 13;

  public EventSyntaxError {
    if (input == null || message == null) {
      throw new IllegalArgumentException("input and message are required");
    }
  }

  /** An abort perf does not report (e.g. an invalid cache op such as {@code L1-icache-stores}). */
  public static EventSyntaxError unreported(String input, String why) {
    return new EventSyntaxError(input, UNREPORTED, why);
  }

  public boolean reported() {
    return position != UNREPORTED;
  }

  /**
   * Exactly the text perf 6.1 writes to stderr for this error: the quoted input (cut with {@code ..}
   * on either side to fit 80 columns, as {@code __parse_events_error__print} does) and the caret line,
   * each ending in a newline. Empty for an unreported abort.
   */
  public String render() {
    if (!reported()) {
      return "";
    }
    int maxLength = TERMINAL_COLUMNS - 2 - PREFIX.length();
    int cut = position > MAX_CARET_INDEX ? position - MAX_CARET_INDEX : 0;
    StringBuilder shown = new StringBuilder(input.substring(Math.min(cut, input.length())));
    if (shown.length() > maxLength) {
      shown.setLength(maxLength);
    }
    if (cut > 0) {
      markElided(shown, 0);
    }
    if (input.length() - cut > maxLength) {
      markElided(shown, maxLength - 2);
    }
    int caretIndex = PREFIX.length() + position - cut;
    return PREFIX + "'" + shown + "'\n" + " ".repeat(Math.max(0, caretIndex + 1)) + "\\___ " + message
        + "\n";
  }

  private static void markElided(StringBuilder shown, int at) {
    for (int i = at; i < at + 2; i++) {
      if (i < shown.length()) {
        shown.setCharAt(i, '.');
      } else {
        shown.append('.');
      }
    }
  }
}
