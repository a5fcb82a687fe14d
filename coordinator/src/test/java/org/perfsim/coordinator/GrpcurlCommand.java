package org.perfsim.coordinator;

import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code grpcurl} command as a Markdown document shows it, split the way a POSIX shell splits it (single
 * and double quotes, backslash-newline continuations, a {@code #} comment), with the status the document says
 * it ends with: OK unless a comment names another code ({@code # -> NOT_FOUND}).
 *
 * @param line the document's 1-based line the command starts on (for failure messages)
 * @param address the HOST:PORT it dials
 * @param verb {@code list}, {@code describe}, or a method as {@code package.Service/Method}
 * @param symbol what {@code list}/{@code describe} names; empty for all services
 * @param data the {@code -d} JSON; empty when there is none (grpcurl then sends an empty message)
 * @param expected the status the document promises
 */
public record GrpcurlCommand(int line, String address, String verb, String symbol, String data,
    Status.Code expected) {

  private static final Pattern EXPECTED = Pattern.compile("->\\s*([A-Z_]+)");

  /** A method call, not {@code list} or {@code describe}. */
  public boolean isCall() {
    return verb.contains("/");
  }

  /** Every grpcurl command of the fenced code blocks under the heading {@code heading}, in order. */
  public static List<GrpcurlCommand> inSection(String markdown, String heading) {
    String[] lines = markdown.split("\n", -1);
    int start = -1;
    for (int i = 0; i < lines.length && start < 0; i++) {
      if (lines[i].strip().equals(heading)) {
        start = i + 1;
      }
    }
    if (start < 0) {
      throw new IllegalArgumentException("no heading '" + heading + "' in the document");
    }
    String level = heading.substring(0, heading.indexOf(' ') + 1);
    List<GrpcurlCommand> commands = new ArrayList<>();
    boolean inFence = false;
    for (int i = start; i < lines.length; i++) {
      String line = lines[i];
      if (!inFence && line.startsWith(level)) {
        break;
      }
      if (line.strip().startsWith("```")) {
        inFence = !inFence;
        continue;
      }
      if (inFence && line.strip().startsWith("grpcurl ")) {
        Split split = split(lines, i);
        commands.add(of(split.words(), split.comment(), i + 1));
        i = split.lastLine();
      }
    }
    return commands;
  }

  /** A command's words, its comment, and the last line it took. */
  private record Split(List<String> words, String comment, int lastLine) {}

  /** Splits the command starting on {@code lines[first]} as a shell would, across continued lines. */
  private static Split split(String[] lines, int first) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int row = first;
    String text = lines[row] + "\n";
    int i = 0;
    while (true) {
      if (i == text.length()) {
        throw new IllegalArgumentException("line " + (first + 1) + ": the command runs past the end of the document");
      }
      char c = text.charAt(i);
      if (c == '\'' || c == '"') {
        int close = text.indexOf(c, i + 1);
        while (close < 0 && row + 1 < lines.length) {
          text += lines[++row] + "\n";
          close = text.indexOf(c, i + 1);
        }
        if (close < 0) {
          throw new IllegalArgumentException("line " + (first + 1) + ": unbalanced " + c + " quote");
        }
        // the examples need no escapes inside double quotes; a backslash there is kept as written
        word.append(text, i + 1, close);
        inWord = true;
        i = close + 1;
      } else if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        if (row + 1 >= lines.length) {
          throw new IllegalArgumentException("line " + (first + 1) + ": a continuation on the last line");
        }
        text += lines[++row] + "\n";
        i += 2;
      } else if (c == '\\') {
        word.append(text.charAt(i + 1));
        inWord = true;
        i += 2;
      } else if (c == ' ' || c == '\t' || c == '\n' || (c == '#' && !inWord)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        if (c == '\n' || c == '#') {
          String comment = c == '#' ? text.substring(i, text.indexOf('\n', i)) : "";
          return new Split(words, comment, row);
        }
        i++;
      } else {
        word.append(c);
        inWord = true;
        i++;
      }
    }
  }

  /** The command {@code words} spell; only the flags the examples need are known, others are refused. */
  static GrpcurlCommand of(List<String> words, String comment, int line) {
    if (words.isEmpty() || !words.get(0).equals("grpcurl")) {
      throw new IllegalArgumentException("line " + line + ": not a grpcurl command: " + words);
    }
    boolean plaintext = false;
    String data = "";
    List<String> positional = new ArrayList<>();
    for (int i = 1; i < words.size(); i++) {
      String w = words.get(i);
      if (w.equals("-plaintext")) {
        plaintext = true;
      } else if (w.equals("-d") && i + 1 < words.size()) {
        data = words.get(++i);
      } else if (w.startsWith("-")) {
        throw new IllegalArgumentException("line " + line + ": grpcurl flag " + w + " is not supported here");
      } else {
        positional.add(w);
      }
    }
    if (!plaintext) {
      throw new IllegalArgumentException("line " + line + ": without -plaintext grpcurl dials TLS, which serve does not offer");
    }
    if (positional.size() < 2 || positional.size() > 3) {
      throw new IllegalArgumentException("line " + line + ": expected ADDRESS VERB [SYMBOL], got " + positional);
    }
    String verb = positional.get(1);
    boolean reflection = verb.equals("list") || verb.equals("describe");
    if (!reflection && (positional.size() == 3 || !verb.contains("/"))) {
      throw new IllegalArgumentException("line " + line + ": expected list, describe or SERVICE/METHOD, got "
          + positional.subList(1, positional.size()));
    }
    if (reflection && !data.isEmpty()) {
      throw new IllegalArgumentException("line " + line + ": -d makes no sense with " + verb);
    }
    return new GrpcurlCommand(line, positional.get(0), verb, positional.size() == 3 ? positional.get(2) : "", data,
        expectedStatus(comment, line));
  }

  private static Status.Code expectedStatus(String comment, int line) {
    Matcher m = EXPECTED.matcher(comment);
    if (!m.find()) {
      return Status.Code.OK;
    }
    return Optional.of(m.group(1)).flatMap(name -> {
      try {
        return Optional.of(Status.Code.valueOf(name));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }).orElseThrow(() -> new IllegalArgumentException("line " + line + ": '" + m.group(1) + "' is no gRPC status code"));
  }

  @Override
  public String toString() {
    return "line " + line + ": grpcurl " + (data.isEmpty() ? "" : "-d '" + data + "' ") + address + " " + verb
        + (symbol.isEmpty() ? "" : " " + symbol);
  }
}
