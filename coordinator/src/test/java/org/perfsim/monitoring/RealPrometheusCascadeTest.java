package org.perfsim.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.perfsim.api.v1.SessionSummary;
import org.perfsim.coordinator.ServeProcess;
import org.perfsim.deploy.DeployFiles;

/**
 * The cascade as an operator watches it: {@code perfsim serve} in its own JVM, Debian's Prometheus with
 * the shipped {@code prometheus-local.yml} and {@code alerts.yml} scraping it, the 2012 session through the
 * gRPC API, and the dashboard's own queries asked of Prometheus' HTTP API until they show every guest
 * fallen. Skipped, loudly, where {@code /usr/bin/prometheus} is missing (.ci/run installs it).
 */
class RealPrometheusCascadeTest {

  private static final Duration SCRAPED = Duration.ofSeconds(60);
  private static final Duration SHOWN = Duration.ofSeconds(30);
  private static final Map<String, String> QUERIES = DeployFiles.locate().monitoringQueries();

  @Test
  void prometheusShowsEveryGuestOfTheFleetPanickingAndTheAlertFiring() throws Exception {
    PrometheusProcess.assumeInstalled();
    try (ServeProcess serve = ServeProcess.start();
        PrometheusProcess prometheus = PrometheusProcess.scraping(URI.create(serve.metricsUrl()).getPort());
        CascadingSession session = new CascadingSession(serve.target())) {
      Optional<Double> up = prometheus.awaitAtLeast("up{job=\"perfsim-local\"}", 1, SCRAPED);
      assertEquals(Optional.of(1.0), up, () -> "Prometheus never scraped " + serve.metricsUrl() + ":\n"
          + prometheus.log());
      Optional<Double> running = prometheus.awaitAtLeast(dashboard("Guests running", "A"), 16, SHOWN);
      assertEquals(Optional.of(16.0), running, "the default 4x4 fleet runs 16 guests before the session");

      SessionSummary summary = session.runOnAllHosts();
      assertEquals(16, summary.getGuestsPanicked(), "the session's own count: " + summary);

      String panics = dashboard("Guest panics (total)", "A");
      assertEquals("sum(perfsim_guest_panics_total)", panics);
      assertEquals(Optional.of(16.0), prometheus.awaitAtLeast(panics, summary.getGuestsPanicked(), SHOWN), panics);

      Map<Map<String, String>, Double> byState = prometheus.await(dashboard("Guests by state", "A"),
          series -> valueOf(series, "state", "panicked") == 16, SHOWN);
      assertEquals(16, valueOf(byState, "state", "panicked"), "guests by state: " + byState);
      assertEquals(0, valueOf(byState, "state", "running"), "guests by state: " + byState);

      // the rate panels: a counter that appeared only at the cascade's first panic would show no rate
      Map<Map<String, String>, Double> panicRate = prometheus.await(dashboard("Guest panics per second", "A"),
          series -> series.values().stream().anyMatch(v -> v > 0), SHOWN);
      assertTrue(panicRate.values().stream().anyMatch(v -> v > 0), "panics per second by cause: " + panicRate);
      Map<Map<String, String>, Double> pebs = prometheus.await(dashboard("PEBS records written, by context", "A"),
          series -> valueOf(series, "context", "guest") > 0, SHOWN);
      assertTrue(valueOf(pebs, "context", "guest") > 0, "PEBS records per second by context: " + pebs);

      String sessions = "sum(perfsim_session_duration_seconds_count)";
      assertEquals(Optional.of((double) summary.getHostsTotal()),
          prometheus.awaitAtLeast(sessions, summary.getHostsTotal(), SHOWN), sessions);
      String calls = "sum(grpc_server_processing_duration_seconds_count{service=\"perfsim.v1.SessionService\","
          + "method=\"StartSession\",statusCode=\"OK\"})";
      assertEquals(Optional.of(1.0), prometheus.awaitAtLeast(calls, 1, SHOWN), calls);

      String firing = "count(ALERTS{alertname=\"GuestsPanicking\",alertstate=\"firing\"})";
      assertEquals(Optional.of((double) summary.getHostsTotal()),
          prometheus.awaitAtLeast(firing, summary.getHostsTotal(), SHOWN), "GuestsPanicking fires for every host");
    }
  }

  /**
   * The dashboard's query for a panel, as Grafana sends it: {@code $__rate_interval} becomes one minute
   * (Grafana's is at least four scrape intervals; a minute keeps the one-second-scraped cascade in view).
   */
  private static String dashboard(String panel, String refId) {
    String expr = QUERIES.get("dashboard perfsim-cascade.json panel '" + panel + "' " + refId);
    if (expr == null) {
      throw new IllegalStateException("the dashboard has no panel '" + panel + "' query " + refId + ": "
          + QUERIES.keySet());
    }
    return expr.replace("$__rate_interval", "1m");
  }

  /** The value of the series whose {@code label} is {@code value}; -1 when there is none. */
  private static double valueOf(Map<Map<String, String>, Double> series, String label, String value) {
    return series.entrySet().stream().filter(s -> value.equals(s.getKey().get(label)))
        .mapToDouble(Map.Entry::getValue).findFirst().orElse(-1);
  }
}
