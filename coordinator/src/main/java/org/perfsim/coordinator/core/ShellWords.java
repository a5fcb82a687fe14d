package org.perfsim.coordinator.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into words by POSIX shell quoting rules: blanks separate words, single quotes keep
 * everything literally, double quotes keep everything but {@code \"}, {@code \\}, {@code \$} and
 * {@code \`} escapes, a backslash outside quotes escapes the next character. Nothing is expanded.
 */
public final class ShellWords {
  private ShellWords() {}

  /** The words; an {@link IllegalArgumentException} names an unbalanced quote or a trailing backslash. */
  public static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\'') {
        int end = line.indexOf('\'', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("unbalanced single quote at column " + (i + 1));
        }
        word.append(line, i + 1, end);
        i = end;
        inWord = true;
      } else if (c == '"') {
        i = doubleQuoted(line, i, word);
        inWord = true;
      } else if (c == '\\') {
        if (i + 1 == line.length()) {
          throw new IllegalArgumentException("a backslash ends the command line");
        }
        word.append(line.charAt(++i));
        inWord = true;
      } else if (c == ' ' || c == '\t' || c == '\n') {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  /** Appends the double-quoted text opening at {@code open}; returns the index of the closing quote. */
  private static int doubleQuoted(String line, int open, StringBuilder word) {
    for (int i = open + 1; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        return i;
      }
      if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
        c = line.charAt(++i);
      }
      word.append(c);
    }
    throw new IllegalArgumentException("unbalanced double quote at column " + (open + 1));
  }
}
