package org.perfsim.coordinator.core.experiment;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree whose every node remembers its line, so that an experiment file's errors can
 * say where they are ({@code experiment.yaml:12: method[1].selector.value: ...}). Jackson's own tree drops
 * the locations its parser knows; this keeps {@code JsonParser.currentTokenLocation()} per node.
 */
sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Mapping, YamlNode.Sequence {
  int line();

  /** A scalar's text as written (numbers and booleans included); null for {@code ~}/{@code null}. */
  record Scalar(String text, int line) implements YamlNode {}

  /** Keys in the order written, each with the line of its key. */
  record Mapping(Map<String, YamlNode> entries, Map<String, Integer> keyLines, int line) implements YamlNode {}

  record Sequence(List<YamlNode> items, int line) implements YamlNode {}

  /** Thrown for text that is not YAML; {@code line} is where the parser stopped. */
  final class SyntaxError extends Exception {
    private final int line;

    SyntaxError(int line, String message) {
      super(message, null, false, false);
      this.line = line;
    }

    int line() {
      return line;
    }
  }

  /** The one document of {@code text}. */
  static YamlNode parse(String text) throws SyntaxError {
    try (JsonParser parser = new YAMLFactory().createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new SyntaxError(1, "the file is empty");
      }
      return read(parser);
    } catch (IOException e) {
      int line = e instanceof com.fasterxml.jackson.core.JsonProcessingException p && p.getLocation() != null
          ? p.getLocation().getLineNr() : 1;
      String message = e instanceof com.fasterxml.jackson.core.JsonProcessingException p
          ? p.getOriginalMessage() : e.getMessage();
      throw new SyntaxError(line, "not YAML: " + message.lines().findFirst().orElse(message));
    }
  }

  private static YamlNode read(JsonParser parser) throws IOException, SyntaxError {
    int line = parser.currentTokenLocation().getLineNr();
    JsonToken token = parser.currentToken();
    if (token == JsonToken.START_OBJECT) {
      Map<String, YamlNode> entries = new LinkedHashMap<>();
      Map<String, Integer> keyLines = new LinkedHashMap<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        int keyLine = parser.currentTokenLocation().getLineNr();
        if (entries.containsKey(key)) {
          throw new SyntaxError(keyLine, "key '" + key + "' is given twice");
        }
        parser.nextToken();
        keyLines.put(key, keyLine);
        entries.put(key, read(parser));
      }
      return new Mapping(entries, keyLines, line);
    }
    if (token == JsonToken.START_ARRAY) {
      List<YamlNode> items = new ArrayList<>();
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        items.add(read(parser));
      }
      return new Sequence(items, line);
    }
    return new Scalar(token == JsonToken.VALUE_NULL ? null : parser.getText(), line);
  }
}
