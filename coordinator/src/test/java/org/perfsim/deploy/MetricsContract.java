package org.perfsim.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The series docs/METRICS.md promises, read from its {@code ```metrics} block: one line per series,
 * {@code NAME TYPE LABELS} with LABELS a comma list or {@code -}. Dashboards, alerts and scrape tests
 * all check against this one list.
 */
public final class MetricsContract {

  /** Prometheus exposition types a contract line may name. */
  public static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary");

  /** One promised series: its exact scraped name, Prometheus type and label names (no job/instance). */
  public record Series(String name, String type, List<String> labels) {}

  private final Map<String, Series> byName;

  private MetricsContract(Map<String, Series> byName) {
    this.byName = byName;
  }

  /** The contract of the repository at {@code repoRoot} ({@code docs/METRICS.md}). */
  public static MetricsContract load(Path repoRoot) {
    Path doc = repoRoot.resolve("docs/METRICS.md");
    try {
      return parse(Files.readString(doc), doc.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the metrics contract " + doc, e);
    }
  }

  /**
   * Parses the {@code ```metrics} block of {@code markdown}.
   *
   * @throws IllegalArgumentException naming {@code source} and the line when the block is missing or a
   *     line is malformed, has an unknown type or repeats a name
   */
  public static MetricsContract parse(String markdown, String source) {
    List<String> lines = markdown.lines().toList();
    int open = lines.indexOf("```metrics");
    if (open < 0) {
      throw new IllegalArgumentException(source + ": no ```metrics block");
    }
    Map<String, Series> byName = new LinkedHashMap<>();
    for (int i = open + 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.equals("```")) {
        return new MetricsContract(byName);
      }
      if (line.isEmpty()) {
        continue;
      }
      Series series = parseLine(line, source + ":" + (i + 1));
      if (byName.putIfAbsent(series.name(), series) != null) {
        throw new IllegalArgumentException(source + ":" + (i + 1) + ": " + series.name() + " listed twice");
      }
    }
    throw new IllegalArgumentException(source + ": ```metrics block not closed");
  }

  private static Series parseLine(String line, String where) {
    String[] columns = line.split("\\s+");
    if (columns.length != 3) {
      throw new IllegalArgumentException(where + ": expected 'NAME TYPE LABELS', got '" + line + "'");
    }
    if (!columns[0].matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
      throw new IllegalArgumentException(where + ": '" + columns[0] + "' is not a Prometheus metric name");
    }
    if (!TYPES.contains(columns[1])) {
      throw new IllegalArgumentException(where + ": type '" + columns[1] + "' is not one of " + TYPES);
    }
    List<String> labels = columns[2].equals("-") ? List.of() : Arrays.asList(columns[2].split(","));
    return new Series(columns[0], columns[1], List.copyOf(labels));
  }

  /** Every promised series name. */
  public Set<String> names() {
    return Collections.unmodifiableSet(byName.keySet());
  }

  public Optional<Series> series(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public List<Series> series() {
    return List.copyOf(byName.values());
  }
}
