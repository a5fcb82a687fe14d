package org.perfsim.monitoring;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.perfsim.deploy.DeployFiles;

/**
 * A real Prometheus (Debian's {@code prometheus} binary) on loopback, running the shipped
 * {@code deploy/prometheus/prometheus-local.yml} with its one target pointed at a test's metrics port.
 */
final class PrometheusProcess implements AutoCloseable {

  private static final Path BINARY = Path.of("/usr/bin/prometheus");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path workDir;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private PrometheusProcess(Process process, Path workDir, int port) {
    this.process = process;
    this.workDir = workDir;
    this.port = port;
  }

  /** Skips the calling test, loudly, where Debian's prometheus is not installed. */
  static void assumeInstalled() {
    boolean installed = Files.isExecutable(BINARY);
    if (!installed) {
      System.err.println("SKIPPED: the real-Prometheus test needs /usr/bin/prometheus "
          + "(apt-get install prometheus; .ci/run installs it)");
    }
    assumeTrue(installed, "prometheus is not installed (apt-get install prometheus)");
  }

  /** Starts Prometheus with the shipped local config, scraping {@code 127.0.0.1:metricsPort}. */
  static PrometheusProcess scraping(int metricsPort) throws IOException {
    DeployFiles deploy = DeployFiles.locate();
    String shipped = Files.readString(deploy.path("prometheus/prometheus-local.yml"));
    if (!shipped.contains("127.0.0.1:9464")) {
      throw new IllegalStateException("prometheus-local.yml no longer scrapes 127.0.0.1:9464");
    }
    Path workDir = Files.createTempDirectory("perfsim-prometheus-");
    Files.writeString(workDir.resolve("prometheus.yml"), shipped.replace("127.0.0.1:9464", "127.0.0.1:" + metricsPort));
    Files.copy(deploy.path("prometheus/alerts.yml"), workDir.resolve("alerts.yml"));
    int port = freePort();
    Process process = new ProcessBuilder(BINARY.toString(),
        "--config.file=" + workDir.resolve("prometheus.yml"),
        "--storage.tsdb.path=" + workDir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true)
        .redirectOutput(workDir.resolve("prometheus.log").toFile())
        .start();
    return new PrometheusProcess(process, workDir, port);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The series an instant {@code query} yields now, labels to value; empty if it yields none or fails. */
  Map<Map<String, String>, Double> vector(String query) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)))
          .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return Map.of();
      }
      Map<Map<String, String>, Double> series = new LinkedHashMap<>();
      for (JsonNode result : JSON.readTree(response.body()).path("data").path("result")) {
        Map<String, String> labels = new TreeMap<>();
        result.path("metric").properties().forEach(label -> labels.put(label.getKey(), label.getValue().asText()));
        series.put(labels, result.path("value").get(1).asDouble());
      }
      return series;
    } catch (IOException e) {
      return Map.of(); // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The value of an instant {@code query} that yields one number, if it yields one now. */
  Optional<Double> scalar(String query) {
    Map<Map<String, String>, Double> series = vector(query);
    return series.size() == 1 ? Optional.of(series.values().iterator().next()) : Optional.empty();
  }

  /** Polls {@code query} until its series satisfy {@code done} or {@code timeout} passes; the last answer. */
  Map<Map<String, String>, Double> await(String query, Predicate<Map<Map<String, String>, Double>> done,
      Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<Map<String, String>, Double> last = vector(query);
    while (!done.test(last) && System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("prometheus exited: " + log());
      }
      TimeUnit.MILLISECONDS.sleep(250);
      last = vector(query);
    }
    return last;
  }

  /** Polls {@code query} until it is at least {@code atLeast} or {@code timeout} passes; the last value seen. */
  Optional<Double> awaitAtLeast(String query, double atLeast, Duration timeout) throws InterruptedException {
    Map<Map<String, String>, Double> last = await(query,
        series -> series.size() == 1 && series.values().iterator().next() >= atLeast, timeout);
    return last.size() == 1 ? Optional.of(last.values().iterator().next()) : Optional.empty();
  }

  String log() {
    try {
      return Files.readString(workDir.resolve("prometheus.log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException, IOException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    try (Stream<Path> files = Files.walk(workDir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }
}
