package org.perfsim.events;

import java.util.List;
import java.util.function.IntPredicate;

/**
 * The named patterns of parse-events.l ({@code group}, {@code event_pmu}, {@code name},
 * {@code name_tag}, {@code name_minus}, ...) as longest-match lengths at a position: 0 when the
 * pattern does not match there.
 */
final class EventPatterns {

  private EventPatterns() {}

  static int group(String in, int pos) {
    int a = span(in, pos, c -> ",{}/".indexOf(c) < 0);
    int open = pos + a;
    if (open >= in.length() || in.charAt(open) != '{') {
      return 0;
    }
    int close = open + 1 + span(in, open + 1, c -> c != '}');
    if (close >= in.length()) {
      return 0;
    }
    return close + 1 + span(in, close + 1, c -> ",{}/".indexOf(c) < 0) - pos;
  }

  static int eventPmu(String in, int pos) {
    int a = span(in, pos, c -> ",{}/".indexOf(c) < 0);
    int slash = pos + a;
    if (a == 0 || slash >= in.length() || in.charAt(slash) != '/') {
      return 0;
    }
    int second = slash + 1 + span(in, slash + 1, c -> c != '/');
    if (second >= in.length()) {
      return 0;
    }
    return second + 1 + span(in, second + 1, c -> ",{}/".indexOf(c) < 0) - pos;
  }

  /** {@code [^,{}]+\.(suffix)[a-zA-Z0-9._]*}, longest over every split point. */
  static int bpf(String in, int pos, String... suffixes) {
    int body = span(in, pos, c -> ",{}".indexOf(c) < 0);
    int best = 0;
    for (int k = 1; k < body; k++) {
      for (String suffix : suffixes) {
        int at = pos + k;
        if (in.startsWith(suffix, at) && at + suffix.length() <= pos + body) {
          int end = at + suffix.length();
          end += span(in, end, c -> Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '_');
          best = Math.max(best, end - pos);
        }
      }
    }
    return best;
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
