package org.perfsim.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perfsim.api.v1.SessionSummary;
import org.perfsim.coordinator.ServeProcess;
import org.perfsim.deploy.DeployFiles;
import org.perfsim.deploy.MetricsContract;
import org.perfsim.deploy.PromQlMetricNames;

/**
 * What the dashboards and alerts query exists in a real {@code perfsim serve} scrape. DeployFilesTest
 * checks the queries against docs/METRICS.md; this checks docs/METRICS.md and the queries against the
 * JVM, after the cascade and one failing gRPC call (the series the contract says appear only then).
 */
class DashboardMetricsScrapeTest {

  private static final DeployFiles FILES = DeployFiles.locate();
  private static final Map<String, String> NOT_FOUND_CALL =
      Map.of("method", "GetSession", "statusCode", Status.Code.NOT_FOUND.name());

  private static ServeProcess serve;
  private static SessionSummary summary;
  private static MetricsScrape scrape;

  @BeforeAll
  static void cascadeThenScrape() throws Exception {
    serve = ServeProcess.start();
    try (CascadingSession session = new CascadingSession(serve.target())) {
      summary = session.runOnAllHosts();
      assertEquals(Status.Code.NOT_FOUND, session.getUnknownSession());
    }
    scrape = scrapeOnceTheFailedCallIsCounted(Duration.ofSeconds(10));
  }

  /** The interceptor counts a call as it closes it, which can be just after the client sees the status. */
  private static MetricsScrape scrapeOnceTheFailedCallIsCounted(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    MetricsScrape latest = MetricsScrape.fetch(serve.metricsUrl());
    while (!latest.has("grpc_server_processing_duration_seconds_count", NOT_FOUND_CALL)
        && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(100);
      latest = MetricsScrape.fetch(serve.metricsUrl());
    }
    return latest;
  }

  @AfterAll
  static void stop() throws Exception {
    if (serve != null) {
      serve.close();
    }
  }

  @Test
  void theSessionWasTheCascade() {
    assertEquals(16, summary.getGuestsPanicked(), "" + summary);
  }

  @Test
  void everyMetricADashboardOrAlertQueriesIsInTheScrape() {
    Map<String, String> queries = FILES.monitoringQueries();
    Set<String> scraped = scrape.names();
    Set<String> read = new TreeSet<>();
    List<String> missing = new ArrayList<>();
    queries.forEach((where, expr) -> {
      Set<String> names = PromQlMetricNames.of(expr);
      read.addAll(names);
      names.stream().filter(name -> !scraped.contains(name))
          .forEach(name -> missing.add(where + " reads " + name + ": " + expr));
    });
    assertTrue(read.size() >= 20, "metric names read by " + queries.keySet() + ": " + read);
    assertTrue(missing.isEmpty(), "not in a real scrape after a session:\n" + String.join("\n", missing)
        + "\nscraped: " + scraped);
  }

  @Test
  void everySeriesTheContractPromisesIsScrapedWithExactlyItsLabels() {
    List<String> wrong = new ArrayList<>();
    for (MetricsContract.Series series : MetricsContract.load(FILES.root()).series()) {
      List<MetricsScrape.Sample> samples = scrape.samples().stream()
          .filter(sample -> sample.name().equals(series.name())).toList();
      if (samples.isEmpty()) {
        wrong.add(series.name() + ": not scraped");
        continue;
      }
      Set<String> promised = Set.copyOf(series.labels());
      samples.stream().map(sample -> sample.labels().keySet()).filter(labels -> !labels.equals(promised))
          .findFirst().ifPresent(labels -> wrong.add(series.name() + ": labels " + labels + ", promised " + promised));
    }
    assertTrue(wrong.isEmpty(), "docs/METRICS.md against the scrape:\n" + String.join("\n", wrong));
  }

  @Test
  void theFailedCallIsASeriesOfItsOwnStatus() {
    assertTrue(scrape.has("grpc_server_processing_duration_seconds_count", NOT_FOUND_CALL),
        "no NOT_FOUND GetSession series in\n" + scrape.text());
    assertTrue(scrape.has("grpc_server_processing_duration_seconds_count",
        Map.of("method", "StartSession", "methodType", "SERVER_STREAMING", "statusCode", "OK")));
  }
}
