package org.perfsim.events;

import java.util.List;
import java.util.function.IntPredicate;
import org.perfsim.events.Token.Kind;

/**
 * perf's event lexer (tools/perf/util/parse-events.l, 6.1 era) as a longest-match scanner with flex's
 * tie rule (earlier rule wins) and perf's location bookkeeping, because perf's caret columns come
 * from it: every action, including skipped characters and the {@code REWIND} of the {@code <event>}
 * start condition (which first reads a whole event as its name, then rescans it), moves
 * {@code first}/{@code last} as perf's {@code YY_USER_ACTION} does; bison starts the location at 1.
 *
 * <p>Start conditions: {@code EVENT} (exclusive; at the start, after {@code ,} and {@code {}),
 * {@code INITIAL}, and {@code CONFIG} (inclusive; between the slashes of {@code x/terms/}).
 * BPF object/source rules are left out (they only match existing files); {@code mem:} breakpoints
 * and {@code [..]} term arrays are tokenised but not modelled further.
 */
final class EventLexer {

  private enum Mode { EVENT, INITIAL, CONFIG }

  private static final List<String> CONFIG_TERMS = List.of("config", "config1", "config2", "name",
      "period", "freq", "branch_type", "time", "call-graph", "stack-size", "max-stack", "nr",
      "inherit", "no-inherit", "overwrite", "no-overwrite", "percore", "aux-output",
      "aux-sample-size", "metric-id");
  private static final List<String> KERNEL_PMU_EVENTS =
      List.of("cycles-ct", "cycles-t", "mem-loads", "mem-loads-aux", "mem-stores");
  private static final List<String> KERNEL_PMU_PREFIXES =
      List.of("topdown-", "tx-capacity-", "el-capacity-");

  private final String in;
  private final PerfGeneration generation;
  private int pos;
  private int column;
  private int locFirst = 1;
  private int locLast = 1;
  private Mode mode = Mode.EVENT;

  EventLexer(String input, PerfGeneration generation) {
    this.in = input;
    this.generation = generation;
  }

  Token next() {
    while (true) {
      if (pos >= in.length()) {
        if (mode == Mode.EVENT) {
          mode = Mode.INITIAL;
          continue;
        }
        return new Token(Kind.EOF, "", 0, locFirst, locLast);
      }
      Token token = mode == Mode.EVENT ? scanEvent() : scanInitialOrConfig();
      if (token != null) {
        return token;
      }
    }
  }

  // ---- <event>: read a whole event as its name, then rescan it in INITIAL

  private Token scanEvent() {
    int group = generation.supportsGroups() ? matchGroup() : 0;
    int eventPmu = matchEventPmu();
    int bpfObject = matchBpf(".o", ".bpf");
    int bpfSource = matchBpf(".c");
    int event = span(pos, c -> ",{}/".indexOf(c) < 0);
    int comma = in.charAt(pos) == ',' ? 1 : 0;
    int[] lengths = {group, eventPmu, bpfObject, bpfSource, event, comma};
    int rule = longest(lengths);
    if (rule < 0) {
      act(1); // flex's default rule echoes the character
      pos++;
      return null;
    }
    int length = lengths[rule];
    act(length);
    if (rule == 5) {
      pos++;
      return token(Kind.COMMA, ",", 0);
    }
    mode = Mode.INITIAL;
    String text = in.substring(pos, pos + length);
    Token name = token(Kind.EVENT_NAME, text, 0);
    column -= length; // REWIND: rescan the same text
    return rule == 0 ? null : name;
  }

  private int matchGroup() {
    int a = span(pos, c -> ",{}/".indexOf(c) < 0);
    int open = pos + a;
    if (open >= in.length() || in.charAt(open) != '{') {
      return 0;
    }
    int close = open + 1 + span(open + 1, c -> c != '}');
    if (close >= in.length()) {
      return 0;
    }
    return close + 1 + span(close + 1, c -> ",{}/".indexOf(c) < 0) - pos;
  }

  private int matchEventPmu() {
    int a = span(pos, c -> ",{}/".indexOf(c) < 0);
    int slash = pos + a;
    if (a == 0 || slash >= in.length() || in.charAt(slash) != '/') {
      return 0;
    }
    int second = slash + 1 + span(slash + 1, c -> c != '/');
    if (second >= in.length()) {
      return 0;
    }
    return second + 1 + span(second + 1, c -> ",{}/".indexOf(c) < 0) - pos;
  }

  /** {@code [^,{}]+\.(suffix)[a-zA-Z0-9._]*}, longest over every split point. */
  private int matchBpf(String... suffixes) {
    int body = span(pos, c -> ",{}".indexOf(c) < 0);
    int best = 0;
    for (int k = 1; k < body; k++) {
      for (String suffix : suffixes) {
        int at = pos + k;
        if (in.startsWith(suffix, at) && at + suffix.length() <= pos + body) {
          int end = at + suffix.length();
          end += span(end, c -> Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '_');
          best = Math.max(best, end - pos);
        }
      }
    }
    return best;
  }

  // ---- INITIAL and CONFIG

  private Token scanInitialOrConfig() {
    boolean config = mode == Mode.CONFIG;
    int[] lengths = {
        config ? longestWord(CONFIG_TERMS) : 0,
        config ? raw(false) : 0,
        config ? raw(true) : 0,
        config ? charAt(',') : 0,
        config ? charAt('/') : 0,
        config ? nameMinus() : 0,
        config ? (in.startsWith("[all]", pos) ? 5 : 0) : 0,
        config ? charAt('[') : 0,
        config ? driverTerm() : 0,
        symbolLength(),
        kernelPmuEvent(),
        longestWord(CacheEvent.TYPE_WORDS),
        longestWord(CacheEvent.OP_RESULT_WORDS),
        in.startsWith("mem:", pos) ? 4 : 0,
        raw(false),
        span(pos, EventLexer::isDigit),
        in.startsWith("0x", pos) ? hexRun(pos + 2, 2) : 0,
        modifier(),
        name(),
        nameTag(),
        charAt('/'), charAt('-'), charAt(','), charAt(':'),
        generation.supportsGroups() ? charAt('{') : 0,
        generation.supportsGroups() ? charAt('}') : 0,
        charAt('='),
    };
    int rule = longest(lengths);
    int length = rule < 0 ? 1 : lengths[rule];
    act(length);
    String text = in.substring(pos, pos + length);
    pos += length;
    return rule < 0 ? null : action(rule, text);
  }

  private Token action(int rule, String text) {
    switch (rule) {
      case 0: return token(Kind.TERM, text, 0);
      case 1: case 2: case 14: return rawToken(text);
      case 3: return token(Kind.COMMA, text, 0);
      case 4: mode = Mode.INITIAL; return token(Kind.SLASH, text, 0);
      case 5: return token(Kind.NAME, text, 0);
      case 6: case 7: return token(Kind.ARRAY, text, 0);
      case 8: return token(Kind.DRV_CFG_TERM, text.substring(1), 0);
      case 9: return symbolToken(text);
      case 10: return token(Kind.KERNEL_PMU_EVENT, text, 0);
      case 11: return token(Kind.NAME_CACHE_TYPE, text, 0);
      case 12: return token(Kind.NAME_CACHE_OP_RESULT, text, 0);
      case 13: return token(Kind.PREFIX_MEM, text, 0);
      case 15: return valueToken(text, text, 10);
      case 16: return valueToken(text, text.substring(2), 16);
      case 17: return token(Kind.MODIFIER_EVENT, text, 0);
      case 18: return token(Kind.NAME, text, 0);
      case 19: return token(Kind.NAME, text.substring(1, text.length() - 1), 0);
      case 20: mode = Mode.CONFIG; return token(Kind.SLASH, text, 0);
      case 21: return token(Kind.MINUS, text, 0);
      case 22: mode = Mode.EVENT; return token(Kind.COMMA, text, 0);
      case 23: return token(Kind.COLON, text, 0);
      case 24: mode = Mode.EVENT; return token(Kind.LBRACE, text, 0);
      case 25: return token(Kind.RBRACE, text, 0);
      case 26: return token(Kind.EQUALS, text, 0);
      default: throw new IllegalStateException("no action for rule " + rule);
    }
  }

  private Token symbolToken(String text) {
    for (SymbolicEvent symbol : SymbolicEvent.values()) {
      if (symbol.knownTo(generation) && symbol.aliases().contains(text)) {
        Kind kind = symbol.isTool() ? Kind.VALUE_SYM_TOOL
            : symbol.isHardware() ? Kind.VALUE_SYM_HW : Kind.VALUE_SYM_SW;
        return token(kind, text, symbol.ordinal());
      }
    }
    throw new IllegalStateException("not a symbol: " + text);
  }

  /** perf's raw(): {@code r} + hex, or {@code r0x} + hex inside terms; strtoull overflow is PE_ERROR. */
  private Token rawToken(String text) {
    String digits = text.startsWith("r0x") ? text.substring(3) : text.substring(1);
    return valueToken(text, digits, 16, Kind.RAW);
  }

  private Token valueToken(String text, String digits, int radix) {
    return valueToken(text, digits, radix, Kind.VALUE);
  }

  private Token valueToken(String text, String digits, int radix, Kind kind) {
    try {
      return token(kind, text, Long.parseUnsignedLong(digits, radix));
    } catch (NumberFormatException overflow) {
      return token(Kind.ERROR, text, 0);
    }
  }

  private Token token(Kind kind, String text, long value) {
    return new Token(kind, text, value, locFirst, locLast);
  }

  /** perf's YY_USER_ACTION. */
  private void act(int length) {
    locLast = locFirst;
    locFirst = column;
    column += length;
  }

  // ---- pattern lengths at pos (0 = no match)

  private int symbolLength() {
    int best = 0;
    for (SymbolicEvent symbol : SymbolicEvent.values()) {
      if (symbol.knownTo(generation)) {
        best = Math.max(best, longestWord(symbol.aliases()));
      }
    }
    return best;
  }

  private int kernelPmuEvent() {
    if (!generation.namesEventsAsTyped()) {
      return 0;
    }
    int best = longestWord(KERNEL_PMU_EVENTS);
    for (String prefix : KERNEL_PMU_PREFIXES) {
      if (in.startsWith(prefix, pos)) {
        int tail = span(pos + prefix.length(), c -> c >= 'a' && c <= 'z' || c == '-');
        if (tail > 0) {
          best = Math.max(best, prefix.length() + tail);
        }
      }
    }
    return best;
  }

  private int raw(boolean zeroX) {
    String prefix = zeroX ? "r0x" : "r";
    return in.startsWith(prefix, pos) ? hexRun(pos + prefix.length(), prefix.length()) : 0;
  }

  private int hexRun(int from, int prefixLength) {
    int digits = span(from, EventLexer::isHex);
    return digits == 0 ? 0 : prefixLength + digits;
  }

  private int modifier() {
    int run = span(pos, c -> generation.modifierLetters().indexOf(c) >= 0);
    return Math.min(run, generation.maxModifierTokenLength());
  }

  /** {@code [a-zA-Z_*?\[\]][a-zA-Z0-9_*?.\[\]!]*}. */
  private int name() {
    if (!isNameStart(in.charAt(pos)) && in.charAt(pos) != '[' && in.charAt(pos) != ']') {
      return 0;
    }
    return 1 + span(pos + 1, c -> isAlnum(c) || "_*?.[]!".indexOf(c) >= 0);
  }

  /** {@code [\'][a-zA-Z_*?\[\]][a-zA-Z0-9_*?\-,\.\[\]:=]*[\']}. */
  private int nameTag() {
    if (in.charAt(pos) != '\'' || pos + 1 >= in.length()) {
      return 0;
    }
    char start = in.charAt(pos + 1);
    if (!isNameStart(start) && start != '[' && start != ']') {
      return 0;
    }
    int end = pos + 2 + span(pos + 2, c -> isAlnum(c) || "_*?-,.[]:=".indexOf(c) >= 0);
    return end < in.length() && in.charAt(end) == '\'' ? end + 1 - pos : 0;
  }

  /** {@code [a-zA-Z_*?][a-zA-Z0-9\-_*?.:]*}. */
  private int nameMinus() {
    if (!isNameStart(in.charAt(pos))) {
      return 0;
    }
    return 1 + span(pos + 1, c -> isAlnum(c) || "-_*?.:".indexOf(c) >= 0);
  }

  /** {@code @[a-zA-Z0-9_\.]+(=[a-zA-Z0-9_*?\.:]+)?}. */
  private int driverTerm() {
    if (in.charAt(pos) != '@') {
      return 0;
    }
    int key = span(pos + 1, c -> isAlnum(c) || c == '_' || c == '.');
    if (key == 0) {
      return 0;
    }
    int end = pos + 1 + key;
    if (end < in.length() && in.charAt(end) == '=') {
      int value = span(end + 1, c -> isAlnum(c) || "_*?.:".indexOf(c) >= 0);
      if (value > 0) {
        end += 1 + value;
      }
    }
    return end - pos;
  }

  private int longestWord(List<String> words) {
    int best = 0;
    for (String word : words) {
      if (in.startsWith(word, pos)) {
        best = Math.max(best, word.length());
      }
    }
    return best;
  }

  private int charAt(char c) {
    return in.charAt(pos) == c ? 1 : 0;
  }

  private int span(int from, IntPredicate allowed) {
    int i = from;
    while (i < in.length() && allowed.test(in.charAt(i))) {
      i++;
    }
    return i - from;
  }

  /** Index of the longest non-zero length; the earliest rule wins a tie; -1 if nothing matched. */
  private static int longest(int[] lengths) {
    int best = -1;
    for (int i = 0; i < lengths.length; i++) {
      if (lengths[i] > 0 && (best < 0 || lengths[i] > lengths[best])) {
        best = i;
      }
    }
    return best;
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHex(int c) {
    return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
  }

  private static boolean isAlnum(int c) {
    return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  private static boolean isNameStart(int c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '*' || c == '?';
  }
}
