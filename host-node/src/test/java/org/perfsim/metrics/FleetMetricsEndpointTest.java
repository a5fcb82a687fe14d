package org.perfsim.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perfsim.host.EmbeddedFleet;
import org.perfsim.host.FleetConfig;
import org.perfsim.host.FleetNode;

/** A real fleet node's {@code /metrics} over HTTP after a session that crashes every guest of two hosts. */
class FleetMetricsEndpointTest {

  private static EmbeddedFleet fleet;
  private static MetricsHttpServer endpoint;
  private static String scrape;

  @BeforeAll
  static void crashTwoHostsAndScrape() throws Exception {
    FleetConfig config = FleetConfig.load().withSize(2, 3).withHost("ivybridge", "3.6", "3.6");
    fleet = EmbeddedFleet.start(config, ConfigFactory.load());
    endpoint = MetricsHttpServer.start("127.0.0.1", 0, fleet.node().system());
    fleet.provision();
    fleet.runSession(List.of("host-0", "host-1"), List.of("perf", "record", "-e", "cycles:p", "-ag", "--",
        "sleep", "1"), Optional.empty(), 1, r -> { });
    fleet.runSession(List.of("host-0"), List.of("perf", "record", "-e", "cycles:pppp", "-a"), Optional.empty(),
        1, r -> { });
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(endpoint.url())).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    scrape = response.body();
  }

  @AfterAll
  static void stop() {
    if (endpoint != null) {
      endpoint.close();
    }
    if (fleet != null) {
      fleet.close();
    }
  }

  private static double value(String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
    assertTrue(m.find(), () -> "no series " + series + " in\n" + scrape);
    return Double.parseDouble(m.group(1));
  }

  @Test
  void everyGuestOfBothHostsIsCountedPanickedWithItsCause() {
    assertEquals(3, value("perfsim_guests{host=\"host-0\",state=\"panicked\"}"));
    assertEquals(0, value("perfsim_guests{host=\"host-1\",state=\"running\"}"));
    double panics = 0;
    for (String cause : List.of("kernel_text", "kernel_data", "page_tables")) {
      Matcher m = Pattern.compile("(?m)^perfsim_guest_panics_total\\{cause=\"" + cause + "\",host=\"host-\\d\"} (\\S+)$")
          .matcher(scrape);
      while (m.find()) {
        panics += Double.parseDouble(m.group(1));
      }
    }
    assertEquals(6, panics, scrape);
  }

  @Test
  void sessionsOpensAndPebsWritesAreCounted() {
    assertEquals(3, value("perfsim_sessions_started_total"));
    assertEquals(2, value("perfsim_sessions_finished_total{outcome=\"guests-crashed\"}"));
    assertEquals(1, value("perfsim_sessions_finished_total{outcome=\"error\"}"));
    assertEquals(2, value("perfsim_perf_event_open_total{kernel=\"3.6\",perf_version=\"3.6\",result=\"ok\"}"));
    // exported at zero when the host was provisioned, so the first EOPNOTSUPP shows in a rate
    assertEquals(0, value("perfsim_perf_event_open_total{kernel=\"3.6\",perf_version=\"modern\",result=\"EOPNOTSUPP\"}"));
    assertTrue(value("perfsim_pebs_records_total{context=\"guest\",host=\"host-0\"}") > 0);
    assertTrue(value("perfsim_pebs_records_total{context=\"host\",host=\"host-0\"}") > 0);
    assertTrue(value("perfsim_guest_memory_written_bytes_total{host=\"host-1\"}") > 0);
    assertEquals(3, value("perfsim_session_duration_seconds_count"));
    assertEquals(2, value("perfsim_session_first_panic_seconds_count"));
  }

  private static int status(String path) throws Exception {
    return get(endpoint.url().replace("/metrics", path));
  }

  @Test
  void probesSayAliveAndReadyOnceTheNodeIsUpAndUnknownPathsAre404() throws Exception {
    assertEquals(200, status("/alive"));
    assertEquals(200, status("/ready"));
    assertEquals(404, status("/metrics/nope"));
  }

  @Test
  void aNodeThatCannotReachItsSeedIsAliveButNotReadyAndDeadOnceStopped() throws Exception {
    FleetNode lonely = FleetNode.start(FleetNode.bind(ConfigFactory.load(), "127.0.0.1", 0), List.of("127.0.0.1:9"));
    try (MetricsHttpServer probes = MetricsHttpServer.start("127.0.0.1", 0, lonely.system())) {
      String base = probes.url().replace("/metrics", "");
      assertEquals(200, get(base + "/alive"));
      assertEquals(503, get(base + "/ready"));
      lonely.close();
      assertEquals(503, get(base + "/alive"));
    } finally {
      lonely.close();
    }
  }

  private static int get(String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  @Test
  void hostsClusterAndJvmAreThere() {
    assertEquals(2, value("perfsim_hosts_up"));
    assertEquals(1, value("perfsim_cluster_members{status=\"up\"}"));
    assertEquals(0, value("perfsim_cluster_members{status=\"removed\"}"));
    assertTrue(scrape.contains("jvm_memory_used_bytes{"), "JVM memory");
    assertTrue(scrape.contains("process_cpu_usage"), "process CPU");
  }
}
