package org.perfsim.monitoring;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One {@code GET /metrics} of a perfsim JVM (Prometheus text format), read as series. */
record MetricsScrape(String text) {

  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? \\S+.*$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** One sample line: the series name and its labels in order. */
  record Sample(String name, Map<String, String> labels) {}

  /** Fetches {@code url}; fails unless it answers 200. */
  static MetricsScrape fetch(String url) throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
    }
    return new MetricsScrape(response.body());
  }

  /** Every sample line ({@code #} comment lines skipped). */
  List<Sample> samples() {
    return text.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).map(MetricsScrape::sample).toList();
  }

  /** Every series name that has at least one sample. */
  Set<String> names() {
    Set<String> names = new TreeSet<>();
    samples().forEach(sample -> names.add(sample.name()));
    return names;
  }

  /** Whether some sample of {@code name} carries all of {@code labels}. */
  boolean has(String name, Map<String, String> labels) {
    return samples().stream().anyMatch(sample -> sample.name().equals(name)
        && sample.labels().entrySet().containsAll(labels.entrySet()));
  }

  private static Sample sample(String line) {
    Matcher matcher = SAMPLE.matcher(line);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("not a Prometheus sample line: " + line);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    if (matcher.group(2) != null) {
      Matcher label = LABEL.matcher(matcher.group(2));
      while (label.find()) {
        labels.put(label.group(1), label.group(2));
      }
    }
    return new Sample(matcher.group(1), labels);
  }
}
