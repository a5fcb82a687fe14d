package org.perfsim.groundtruth;

/**
 * perf's two-line event syntax error report, e.g.
 * <pre>
 * event syntax error: 'cycles:pppp'
 *                             \___ Bad modifier
 * </pre>
 *
 * @param eventLine   the first line exactly as printed
 * @param caretLine   the second line exactly as printed
 * @param shownInput  the event text between the quotes (perf elides long input with {@code ..})
 * @param caretColumn column of the backslash in {@link #caretLine()} (0-based)
 * @param message     the text after {@code \___ }
 */
public record PerfSyntaxError(
    String eventLine, String caretLine, String shownInput, int caretColumn, String message) {}
