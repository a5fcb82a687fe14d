package org.perfsim.coordinator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.perfsim.host.EmbeddedFleet;
import org.perfsim.host.FleetConfig;
import org.perfsim.metrics.FleetMetrics;

/**
 * Provisioning keeps at most {@code perfsim.fleet.provision-window} hosts asked at once. Observed on a real
 * fleet: each time a host comes up (the progress callback), the hosts the actors have built so far (the
 * node's {@code perfsim.hosts.up}) are at most the hosts up plus the window; asked all at once, the actors
 * build most of the fleet before the first answer is back.
 */
class ProvisionWindowTest {
  private static final int WINDOW = 3;
  private static final int HOSTS = 120;

  @Test
  void noMoreHostsThanTheWindowAreAskedAtOnceAndEveryOneComesUp() throws Exception {
    Config config = ConfigFactory.parseString("perfsim.fleet.provision-window = " + WINDOW)
        .withFallback(ConfigFactory.load());
    try (EmbeddedFleet fleet = EmbeddedFleet.start(FleetConfig.from(config), config)) {
      FleetCatalog catalog = new FleetCatalog(HOSTS);
      FleetUseCases fleetUses = new FleetUseCases(new FleetHosts(fleet, catalog), catalog, new PageToken());
      var built = FleetMetrics.get(fleet.node().system()).registry().get("perfsim.hosts.up").gauge();
      AtomicInteger up = new AtomicInteger();
      AtomicInteger mostAhead = new AtomicInteger();

      List<HostView> views = fleetUses.provision(ProvisionRequest.count(HOSTS, 1, "", "", "", 1), () -> {
        int answered = up.incrementAndGet();
        mostAhead.accumulateAndGet((int) built.value() - answered, Math::max);
      }).get(120, TimeUnit.SECONDS);

      assertEquals(HOSTS, views.size());
      assertEquals(HOSTS, up.get());
      assertEquals(HOSTS, (int) built.value());
      assertTrue(mostAhead.get() <= WINDOW, "hosts built ahead of the answers: " + mostAhead.get());
    }
  }
}
