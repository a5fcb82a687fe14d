package org.perfsim.deploy;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The metric names a PromQL expression reads, restricted to perfsim's families ({@code perfsim_},
 * {@code grpc_}, {@code jvm_}, {@code process_}): what a dashboard or alert needs a scrape to contain.
 *
 * <p>A small lexer, not a parser: it skips string literals, range and subquery brackets, Grafana variables
 * ({@code $__rate_interval}, {@code ${host}}), numbers and comments, and tells metric names from the other
 * identifiers by position — a label name sits inside {@code {...}} or in the list after {@code by},
 * {@code without}, {@code on}, {@code ignoring}, {@code group_left}, {@code group_right}; a function or
 * aggregation is followed by {@code (}. The value of an equality matcher {@code {__name__="..."}} counts as
 * a name.
 */
public final class PromQlMetricNames {

  /** Prefixes of the metric families perfsim's contract covers (docs/METRICS.md). */
  public static final List<String> PREFIXES = List.of("perfsim_", "grpc_", "jvm_", "process_");

  private static final Set<String> LABEL_LIST_KEYWORDS =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

  private final String expr;
  private int pos;
  private int braceDepth;
  private String lastLabelName = "";
  private final Set<String> names = new LinkedHashSet<>();

  private PromQlMetricNames(String expr) {
    this.expr = expr;
  }

  /**
   * The perfsim-family metric names {@code expr} selects, in order of appearance.
   *
   * @throws IllegalArgumentException for an unterminated string, bracket or brace, naming the position
   */
  public static Set<String> of(String expr) {
    PromQlMetricNames lexer = new PromQlMetricNames(expr);
    lexer.scan();
    return Collections.unmodifiableSet(lexer.names);
  }

  /** Whether {@code name} belongs to one of the {@link #PREFIXES} families. */
  public static boolean isPerfsimFamily(String name) {
    return PREFIXES.stream().anyMatch(name::startsWith);
  }

  private void scan() {
    while (pos < expr.length()) {
      char c = expr.charAt(pos);
      if (c == '"' || c == '\'' || c == '`') {
        String value = stringLiteral(c);
        if (braceDepth > 0 && lastLabelName.equals("__name__")) {
          keepIfPerfsim(value);
        }
      } else if (c == '{') {
        braceDepth++;
        pos++;
      } else if (c == '}') {
        if (braceDepth == 0) {
          throw error("unbalanced '}'", pos);
        }
        braceDepth--;
        pos++;
      } else if (c == '[') {
        skipPast(']', "'[' without ']'");
      } else if (c == '#') {
        skipToLineEnd();
      } else if (c == '$') {
        grafanaVariable();
      } else if (startsNumber()) {
        number();
      } else if (isIdentifierStart(c)) {
        identifier();
      } else {
        pos++;
      }
    }
    if (braceDepth != 0) {
      throw error("'{' without '}'", expr.length());
    }
  }

  private void identifier() {
    int start = pos;
    while (pos < expr.length() && isIdentifierPart(expr.charAt(pos))) {
      pos++;
    }
    String word = expr.substring(start, pos);
    int next = nextNonSpace();
    if (braceDepth > 0) {
      // only an equality matcher names a metric; !=, =~ and !~ select by exclusion or pattern
      boolean equality = next < expr.length() && expr.charAt(next) == '='
          && (next + 1 >= expr.length() || expr.charAt(next + 1) != '~');
      lastLabelName = equality ? word : "";
      return;
    }
    if (LABEL_LIST_KEYWORDS.contains(word)) {
      if (next < expr.length() && expr.charAt(next) == '(') {
        pos = next;
        skipPast(')', "'" + word + " (' without ')'");
      }
      return;
    }
    boolean calledAsFunction = next < expr.length() && expr.charAt(next) == '(';
    if (!calledAsFunction) {
      keepIfPerfsim(word);
    }
  }

  private void keepIfPerfsim(String name) {
    if (isPerfsimFamily(name)) {
      names.add(name);
    }
  }

  /** Consumes a quoted literal starting at {@code pos} and returns its content (escapes kept verbatim). */
  private String stringLiteral(char quote) {
    int start = pos;
    pos++;
    StringBuilder value = new StringBuilder();
    while (pos < expr.length()) {
      char c = expr.charAt(pos);
      if (c == '\\' && quote != '`' && pos + 1 < expr.length()) {
        value.append(expr.charAt(pos + 1));
        pos += 2;
      } else if (c == quote) {
        pos++;
        return value.toString();
      } else {
        value.append(c);
        pos++;
      }
    }
    throw error("unterminated string", start);
  }

  /** A Grafana variable, {@code $name} or {@code ${name}} ({@code [[name]]} falls under the '[' rule). */
  private void grafanaVariable() {
    pos++;
    if (pos < expr.length() && expr.charAt(pos) == '{') {
      skipPast('}', "'${' without '}'");
      return;
    }
    while (pos < expr.length() && isIdentifierPart(expr.charAt(pos))) {
      pos++;
    }
  }

  private boolean startsNumber() {
    char c = expr.charAt(pos);
    return Character.isDigit(c) || (c == '.' && pos + 1 < expr.length() && Character.isDigit(expr.charAt(pos + 1)));
  }

  /** A number or duration literal ({@code 0.95}, {@code 1e3}, {@code 0x1f}, {@code 5m}): never a name. */
  private void number() {
    while (pos < expr.length() && (Character.isLetterOrDigit(expr.charAt(pos)) || expr.charAt(pos) == '.'
        || expr.charAt(pos) == '_')) {
      pos++;
    }
  }

  /** Moves past the next {@code close} at the same nesting, skipping strings; {@code pos} is at the opener. */
  private void skipPast(char close, String problem) {
    int start = pos;
    char open = expr.charAt(pos);
    int depth = 0;
    while (pos < expr.length()) {
      char c = expr.charAt(pos);
      if (c == '"' || c == '\'' || c == '`') {
        stringLiteral(c);
        continue;
      }
      if (c == open) {
        depth++;
      } else if (c == close && --depth == 0) {
        pos++;
        return;
      }
      pos++;
    }
    throw error(problem, start);
  }

  private void skipToLineEnd() {
    while (pos < expr.length() && expr.charAt(pos) != '\n') {
      pos++;
    }
  }

  private int nextNonSpace() {
    int i = pos;
    while (i < expr.length() && Character.isWhitespace(expr.charAt(i))) {
      i++;
    }
    return i;
  }

  private IllegalArgumentException error(String problem, int at) {
    return new IllegalArgumentException("PromQL: " + problem + " at position " + at + " in: " + expr);
  }

  private static boolean isIdentifierStart(char c) {
    return Character.isLetter(c) || c == '_' || c == ':';
  }

  private static boolean isIdentifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == ':';
  }
}
