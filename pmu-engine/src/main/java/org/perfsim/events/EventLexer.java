package org.perfsim.events;

import java.util.List;
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
  private final EventPatterns.Ahead ahead;
  private int pos;
  private int column;
  private int locFirst = 1;
  private int locLast = 1;
  private Mode mode = Mode.EVENT;

  EventLexer(String input, PerfGeneration generation) {
    this.in = input;
    this.generation = generation;
    this.ahead = new EventPatterns.Ahead(input);
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
    int group = generation.supportsGroups() ? ahead.group(pos) : 0;
    int eventPmu = ahead.eventPmu(pos);
    int bpfObject = ahead.bpf(pos, ".o", ".bpf");
    int bpfSource = ahead.bpf(pos, ".c");
    int event = ahead.event(pos);
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

  // ---- INITIAL and CONFIG

  /** The INITIAL and CONFIG rules in parse-events.l order (CONFIG's come first in the file). */
  private enum Rule {
    CONFIG_TERM, CONFIG_RAW, CONFIG_RAW_0X, CONFIG_COMMA, CONFIG_SLASH, NAME_MINUS, ARRAY_ALL,
    ARRAY_OPEN, DRIVER_TERM,
    SYMBOL, KERNEL_PMU_EVENT, CACHE_TYPE, CACHE_OP_RESULT, MEM, RAW, DECIMAL, HEX, MODIFIER, NAME,
    NAME_TAG, SLASH, MINUS, COMMA, COLON, LBRACE, RBRACE, EQUALS;

    boolean configOnly() {
      return ordinal() <= DRIVER_TERM.ordinal();
    }
  }

  private static final Rule[] RULES = Rule.values();

  private Token scanInitialOrConfig() {
    int[] lengths = new int[RULES.length];
    for (Rule rule : RULES) {
      boolean active = mode == Mode.CONFIG || !rule.configOnly();
      lengths[rule.ordinal()] = active ? length(rule) : 0;
    }
    int best = longest(lengths);
    int length = best < 0 ? 1 : lengths[best];
    act(length);
    String text = in.substring(pos, pos + length);
    pos += length;
    // an unmatched character is skipped (perf's catch-all "." rule)
    return best < 0 ? null : action(RULES[best], text);
  }

  private int length(Rule rule) {
    switch (rule) {
      case CONFIG_TERM: return EventPatterns.longestWord(in, pos, CONFIG_TERMS);
      case CONFIG_RAW: case RAW: return raw(false);
      case CONFIG_RAW_0X: return raw(true);
      case CONFIG_COMMA: case COMMA: return EventPatterns.charAt(in, pos, ',');
      case CONFIG_SLASH: case SLASH: return EventPatterns.charAt(in, pos, '/');
      case NAME_MINUS: return EventPatterns.nameMinus(in, pos);
      case ARRAY_ALL: return in.startsWith("[all]", pos) ? 5 : 0;
      case ARRAY_OPEN: return EventPatterns.charAt(in, pos, '[');
      case DRIVER_TERM: return EventPatterns.driverTerm(in, pos);
      case SYMBOL: return symbolLength();
      case KERNEL_PMU_EVENT: return kernelPmuEvent();
      case CACHE_TYPE: return EventPatterns.longestWord(in, pos, CacheEvent.TYPE_WORDS);
      case CACHE_OP_RESULT:
        return EventPatterns.longestWord(in, pos, CacheEvent.OP_RESULT_WORDS);
      case MEM: return in.startsWith("mem:", pos) ? 4 : 0;
      case DECIMAL: return EventPatterns.span(in, pos, EventPatterns::isDigit);
      case HEX: return in.startsWith("0x", pos) ? hexRun(pos + 2, 2) : 0;
      case MODIFIER: return modifier();
      case NAME: return EventPatterns.name(in, pos);
      case NAME_TAG: return EventPatterns.nameTag(in, pos);
      case MINUS: return EventPatterns.charAt(in, pos, '-');
      case COLON: return EventPatterns.charAt(in, pos, ':');
      case LBRACE: return generation.supportsGroups() ? EventPatterns.charAt(in, pos, '{') : 0;
      case RBRACE: return generation.supportsGroups() ? EventPatterns.charAt(in, pos, '}') : 0;
      default: return EventPatterns.charAt(in, pos, '=');
    }
  }

  private Token action(Rule rule, String text) {
    switch (rule) {
      case CONFIG_TERM: return token(Kind.TERM, text, 0);
      case CONFIG_RAW: case CONFIG_RAW_0X: case RAW: return rawToken(text);
      case CONFIG_COMMA: return token(Kind.COMMA, text, 0);
      case CONFIG_SLASH: mode = Mode.INITIAL; return token(Kind.SLASH, text, 0);
      case NAME_MINUS: case NAME: return token(Kind.NAME, text, 0);
      case ARRAY_ALL: case ARRAY_OPEN: return token(Kind.ARRAY, text, 0);
      case DRIVER_TERM: return token(Kind.DRV_CFG_TERM, text.substring(1), 0);
      case SYMBOL: return symbolToken(text);
      case KERNEL_PMU_EVENT: return token(Kind.KERNEL_PMU_EVENT, text, 0);
      case CACHE_TYPE: return token(Kind.NAME_CACHE_TYPE, text, 0);
      case CACHE_OP_RESULT: return token(Kind.NAME_CACHE_OP_RESULT, text, 0);
      case MEM: return token(Kind.PREFIX_MEM, text, 0);
      case DECIMAL: return valueToken(text, text, 10);
      case HEX: return valueToken(text, text.substring(2), 16);
      case MODIFIER: return token(Kind.MODIFIER_EVENT, text, 0);
      case NAME_TAG: return token(Kind.NAME, text.substring(1, text.length() - 1), 0);
      case SLASH: mode = Mode.CONFIG; return token(Kind.SLASH, text, 0);
      case MINUS: return token(Kind.MINUS, text, 0);
      case COMMA: mode = Mode.EVENT; return token(Kind.COMMA, text, 0);
      case COLON: return token(Kind.COLON, text, 0);
      case LBRACE: mode = Mode.EVENT; return token(Kind.LBRACE, text, 0);
      case RBRACE: return token(Kind.RBRACE, text, 0);
      default: return token(Kind.EQUALS, text, 0);
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
        best = Math.max(best, EventPatterns.longestWord(in, pos, symbol.aliases()));
      }
    }
    return best;
  }

  private int kernelPmuEvent() {
    if (!generation.namesEventsAsTyped()) {
      return 0;
    }
    int best = EventPatterns.longestWord(in, pos, KERNEL_PMU_EVENTS);
    for (String prefix : KERNEL_PMU_PREFIXES) {
      if (in.startsWith(prefix, pos)) {
        int tail = EventPatterns.span(in, pos + prefix.length(),
            c -> c >= 'a' && c <= 'z' || c == '-');
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
    int digits = EventPatterns.span(in, from, EventPatterns::isHex);
    return digits == 0 ? 0 : prefixLength + digits;
  }

  private int modifier() {
    // counted no further than a token may be long: a run of letters is read a token at a time
    int limit = (int) Math.min(in.length(), (long) pos + generation.maxModifierTokenLength());
    int end = pos;
    while (end < limit && generation.modifierLetters().indexOf(in.charAt(end)) >= 0) {
      end++;
    }
    return end - pos;
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
}
