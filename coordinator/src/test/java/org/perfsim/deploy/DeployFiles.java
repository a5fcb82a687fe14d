package org.perfsim.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The repository's {@code deploy/} tree as parsed documents. The repository root is found by walking up
 * from the working directory (Maven runs a module's tests in the module directory) to the first directory
 * that has a {@code deploy/} child.
 */
public final class DeployFiles {

  private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;

  private DeployFiles(Path root) {
    this.root = root;
  }

  /**
   * The tree of the repository the working directory is in.
   *
   * @throws IllegalStateException when no directory from the working directory up has a {@code deploy/}
   */
  public static DeployFiles locate() {
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("deploy"))) {
        return new DeployFiles(dir);
      }
    }
    throw new IllegalStateException("no deploy/ directory in " + start + " or any parent");
  }

  /** The repository root (the directory holding {@code deploy/} and {@code docs/}). */
  public Path root() {
    return root;
  }

  /** {@code relative} resolved against {@code deploy/}. */
  public Path path(String relative) {
    return root.resolve("deploy").resolve(relative);
  }

  /** Every file under {@code deploy/} whose name ends in one of {@code extensions}, sorted. */
  public List<Path> filesEndingWith(String... extensions) {
    try (Stream<Path> files = Files.walk(root.resolve("deploy"))) {
      return files.filter(Files::isRegularFile)
          .filter(file -> Stream.of(extensions).anyMatch(ext -> file.getFileName().toString().endsWith(ext)))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root.resolve("deploy"), e);
    }
  }

  /** Every YAML document of {@code file} ({@code ---}-separated), in order; empty documents dropped. */
  public static List<JsonNode> yamlDocuments(Path file) {
    try (var parser = YAML.getFactory().createParser(file.toFile())) {
      List<JsonNode> documents = new ArrayList<>();
      YAML.readValues(parser, JsonNode.class).forEachRemaining(document -> {
        if (document != null && !document.isMissingNode() && !document.isNull()) {
          documents.add(document);
        }
      });
      return documents;
    } catch (IOException e) {
      throw new UncheckedIOException("invalid YAML in " + file + ": " + e.getMessage(), e);
    }
  }

  /** The single YAML document of {@code deploy/relative}. */
  public JsonNode yaml(String relative) {
    List<JsonNode> documents = yamlDocuments(path(relative));
    if (documents.size() != 1) {
      throw new IllegalStateException(path(relative) + ": expected one YAML document, found " + documents.size());
    }
    return documents.get(0);
  }

  /** The JSON document of {@code file}. */
  public static JsonNode json(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("invalid JSON in " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Every PromQL expression perfsim's monitoring reads: each query of each dashboard under
   * {@code deploy/grafana/dashboards/} and each rule of {@code deploy/prometheus/alerts.yml}, keyed by where
   * it is ({@code dashboard FILE panel 'TITLE' REFID}, {@code alert NAME}).
   */
  public Map<String, String> monitoringQueries() {
    Map<String, String> queries = new LinkedHashMap<>();
    for (Path dashboard : filesEndingWith(".json")) {
      if (!dashboard.startsWith(path("grafana/dashboards"))) {
        continue;
      }
      for (JsonNode panel : panels(json(dashboard))) {
        for (JsonNode target : panel.path("targets")) {
          queries.put("dashboard " + dashboard.getFileName() + " panel '" + panel.path("title").asText() + "' "
              + target.path("refId").asText(), target.path("expr").asText());
        }
      }
    }
    for (JsonNode group : yaml("prometheus/alerts.yml").path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        queries.put("alert " + rule.path("alert").asText(), rule.path("expr").asText());
      }
    }
    return queries;
  }

  /** Every panel of a Grafana dashboard, rows' nested panels included, rows themselves left out. */
  public static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      panels.add(panel);
      panel.path("panels").forEach(panels::add);
    }
    return panels.stream().filter(panel -> !panel.path("type").asText().equals("row")).toList();
  }
}
