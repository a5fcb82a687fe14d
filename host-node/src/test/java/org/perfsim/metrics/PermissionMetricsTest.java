package org.perfsim.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perfsim.host.EmbeddedFleet;
import org.perfsim.host.FleetConfig;
import org.perfsim.host.HostEntity;
import org.perfsim.kernel.Capabilities;
import org.perfsim.session.Outcome;

/**
 * A session whose caller has no capability on a host at perf_event_paranoid 2 (the hosts' default), through the
 * host actor: EACCES in its result and in the open-errors metric, next to root's successful open.
 */
class PermissionMetricsTest {
  private static final List<String> SYSTEM_WIDE = List.of("perf", "record", "-e", "cycles", "-a", "--", "sleep", "1");

  private static EmbeddedFleet fleet;
  private static HostEntity.SessionFinished unprivileged;
  private static String scrape;

  @BeforeAll
  static void runAsNobodyThenAsRoot() throws Exception {
    fleet = EmbeddedFleet.start(FleetConfig.load().withSize(1, 1).withHost("ivybridge", "modern", "6.1"),
        ConfigFactory.load());
    fleet.provision();
    unprivileged = fleet.startSession("host-0", SYSTEM_WIDE, Optional.empty(), 1, 0, Capabilities.NONE, reached -> { })
        .get();
    fleet.startSession("host-0", SYSTEM_WIDE, Optional.empty(), 1, 0, Capabilities.SYS_ADMIN, reached -> { }).get();
    scrape = FleetMetrics.get(fleet.node().system()).scrape();
  }

  @AfterAll
  static void stop() {
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
  void theHostsResultIsEaccesWithPerfsAdvice() {
    assertEquals(Outcome.EACCES, unprivileged.result().outcome());
    assertTrue(unprivileged.result().perfMessage().contains("perf_event_paranoid setting is 2:"),
        unprivileged.result().perfMessage());
  }

  @Test
  void theOpenErrorsMetricCountsEacces() {
    assertEquals(1, value("perfsim_perf_event_open_total{kernel=\"modern\",perf_version=\"6.1\",result=\"EACCES\"}"));
    assertEquals(1, value("perfsim_perf_event_open_total{kernel=\"modern\",perf_version=\"6.1\",result=\"ok\"}"));
    assertEquals(1, value("perfsim_sessions_finished_total{outcome=\"eacces\"}"));
  }
}
