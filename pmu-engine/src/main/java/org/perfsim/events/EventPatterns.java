package org.perfsim.events;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * The named patterns of parse-events.l ({@code group}, {@code event_pmu}, {@code name},
 * {@code name_tag}, {@code name_minus}, ...) as longest-match lengths at a position: 0 when the
 * pattern does not match there.
 */
final class EventPatterns {

  private EventPatterns() {}

  /**
   * For every position of one input, where the next character of a set is (the input's length if none):
   * built once per input in one backward pass, so that a pattern that looks ahead to a delimiter costs
   * O(1) however often the lexer asks, and a whole parse stays linear in the input. Scanning ahead
   * afresh at each position made a string of 40 000 slashes take seconds.
   */
  static final class NextIndex {
    private final int[] next;

    NextIndex(String in, IntPredicate stop) {
      next = new int[in.length() + 1];
      next[in.length()] = in.length();
      for (int i = in.length() - 1; i >= 0; i--) {
        next[i] = stop.test(in.charAt(i)) ? i : next[i + 1];
      }
    }

    /** The first index at or after {@code from} whose character is in the set; the input's length if none. */
    int from(int from) {
      return next[Math.min(from, next.length - 1)];
    }
  }

  /** The look-ahead tables of one input, each built on first use. */
  static final class Ahead {
    private final String in;
    private NextIndex eventStop;
    private NextIndex bodyStop;
    private NextIndex closeBrace;
    private NextIndex slash;
    private NextIndex notBpfTail;
    private final Map<String, int[]> lastStarts = new HashMap<>();

    Ahead(String in) {
      this.in = in;
    }

    /** Length of {@code [^,{}/]*} at {@code pos}. */
    int event(int pos) {
      if (eventStop == null) {
        eventStop = new NextIndex(in, c -> ",{}/".indexOf(c) >= 0);
      }
      return eventStop.from(pos) - pos;
    }

    int group(int pos) {
      int open = pos + event(pos);
      if (open >= in.length() || in.charAt(open) != '{') {
        return 0;
      }
      if (closeBrace == null) {
        closeBrace = new NextIndex(in, c -> c == '}');
      }
      int close = closeBrace.from(open + 1);
      if (close >= in.length()) {
        return 0;
      }
      return close + 1 + event(close + 1) - pos;
    }

    int eventPmu(int pos) {
      int a = event(pos);
      int first = pos + a;
      if (a == 0 || first >= in.length() || in.charAt(first) != '/') {
        return 0;
      }
      if (slash == null) {
        slash = new NextIndex(in, c -> c == '/');
      }
      int second = slash.from(first + 1);
      if (second >= in.length()) {
        return 0;
      }
      return second + 1 + event(second + 1) - pos;
    }

    /**
     * {@code [^,{}]+\.(suffix)[a-zA-Z0-9._]*}, longest over every split point. The suffixes and the tail
     * share one character class, so the split at the last suffix that fits in the body is the longest match.
     */
    int bpf(int pos, String... suffixes) {
      if (bodyStop == null) {
        bodyStop = new NextIndex(in, c -> ",{}".indexOf(c) >= 0);
        notBpfTail = new NextIndex(in, c -> !(Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '_'));
      }
      int bodyEnd = bodyStop.from(pos);
      int best = 0;
      for (String suffix : suffixes) {
        int at = lastStart(suffix, bodyEnd - suffix.length());
        if (at >= pos + 1) {
          best = Math.max(best, notBpfTail.from(at + suffix.length()) - pos);
        }
      }
      return best;
    }

    /** The last index at or before {@code at} where {@code suffix} starts, -1 if none. */
    private int lastStart(String suffix, int at) {
      if (at < 0) {
        return -1;
      }
      int[] last = lastStarts.computeIfAbsent(suffix, s -> {
        int[] table = new int[in.length()];
        for (int i = 0; i < table.length; i++) {
          table[i] = in.startsWith(s, i) ? i : i == 0 ? -1 : table[i - 1];
        }
        return table;
      });
      return last[Math.min(at, last.length - 1)];
    }
  }

  /** {@code [a-zA-Z_*?\[\]][a-zA-Z0-9_*?.\[\]!]*}. */
  static int name(String in, int pos) {
    if (!isNameStart(in.charAt(pos)) && in.charAt(pos) != '[' && in.charAt(pos) != ']') {
      return 0;
    }
    return 1 + span(in, pos + 1, c -> isAlnum(c) || "_*?.[]!".indexOf(c) >= 0);
  }

  /** {@code [\'][a-zA-Z_*?\[\]][a-zA-Z0-9_*?\-,\.\[\]:=]*[\']}. */
  static int nameTag(String in, int pos) {
    if (in.charAt(pos) != '\'' || pos + 1 >= in.length()) {
      return 0;
    }
    char start = in.charAt(pos + 1);
    if (!isNameStart(start) && start != '[' && start != ']') {
      return 0;
    }
    int end = pos + 2 + span(in, pos + 2, c -> isAlnum(c) || "_*?-,.[]:=".indexOf(c) >= 0);
    return end < in.length() && in.charAt(end) == '\'' ? end + 1 - pos : 0;
  }

  /** {@code [a-zA-Z_*?][a-zA-Z0-9\-_*?.:]*}. */
  static int nameMinus(String in, int pos) {
    if (!isNameStart(in.charAt(pos))) {
      return 0;
    }
    return 1 + span(in, pos + 1, c -> isAlnum(c) || "-_*?.:".indexOf(c) >= 0);
  }

  /** {@code @[a-zA-Z0-9_\.]+(=[a-zA-Z0-9_*?\.:]+)?}. */
  static int driverTerm(String in, int pos) {
    if (in.charAt(pos) != '@') {
      return 0;
    }
    int key = span(in, pos + 1, c -> isAlnum(c) || c == '_' || c == '.');
    if (key == 0) {
      return 0;
    }
    int end = pos + 1 + key;
    if (end < in.length() && in.charAt(end) == '=') {
      int value = span(in, end + 1, c -> isAlnum(c) || "_*?.:".indexOf(c) >= 0);
      if (value > 0) {
        end += 1 + value;
      }
    }
    return end - pos;
  }

  static int longestWord(String in, int pos, List<String> words) {
    int best = 0;
    for (String word : words) {
      if (in.startsWith(word, pos)) {
        best = Math.max(best, word.length());
      }
    }
    return best;
  }

  static int charAt(String in, int pos, char c) {
    return in.charAt(pos) == c ? 1 : 0;
  }

  static int span(String in, int from, IntPredicate allowed) {
    int i = from;
    while (i < in.length() && allowed.test(in.charAt(i))) {
      i++;
    }
    return i - from;
  }

  static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  static boolean isHex(int c) {
    return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
  }

  static boolean isAlnum(int c) {
    return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  static boolean isNameStart(int c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '*' || c == '?';
  }
}
