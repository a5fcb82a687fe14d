package org.perfsim.coordinator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perfsim.host.EmbeddedFleet;
import org.perfsim.host.HostEntity;
import org.perfsim.metrics.FleetMetrics;
import org.perfsim.vm.GuestState;

/**
 * ListHosts and DescribeHost show each host as it last reported (a Describe's answer, or how its last session
 * left it) instead of asking every host: what a session did to the guests shows as soon as the session's
 * result is in, equal to what the host itself answers, and a host that is not running a session is not asked.
 */
class HostViewsFromLastStateTest {
  private static EmbeddedFleet fleet;
  private static FleetCatalog catalog;
  private static FleetUseCases fleetUses;
  private static SessionCoordinator sessions;

  @BeforeAll
  static void fleetOfFourHosts() throws Exception {
    fleet = EmbeddedFleet.start();
    catalog = new FleetCatalog(10);
    FleetHosts hosts = new FleetHosts(fleet, catalog);
    fleetUses = new FleetUseCases(hosts, catalog, new PageToken());
    sessions = new SessionCoordinator(hosts, catalog, new SessionRegistry(10, new PageToken()));
    // the 2012 crash: perf 3.6's cycles:pp on a 3.6 kernel panics guests
    fleetUses.provision(ProvisionRequest.count(4, 2, "ivybridge", "3.6", "3.6", 2)).get(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    fleet.close();
  }

  @Test
  void guestsPanickedByASessionShowAtOnceAndEqualTheHostsOwnAnswer() throws Exception {
    TrackedSession session = sessions.start(new SessionRequest(new SessionRequest.Argv(List.of("perf", "record",
        "-e", "cycles:pp", "-a", "--", "sleep", "1")), Optional.empty(), OptionalLong.empty(),
        new SessionRequest.Ids(List.of("host-0", "host-1"))));
    session.done().get(2, TimeUnit.MINUTES);
    assertTrue(session.summary().guestsPanicked() > 0, "the crash case crashes");

    List<HostView> listed = fleetUses.list(Map.of(), 2, "").get(30, TimeUnit.SECONDS).hosts();
    assertEquals(List.of("host-0", "host-1"), listed.stream().map(v -> v.host().hostId()).toList());
    for (HostView view : listed) {
      HostEntity.Description asked = fleet.describe(view.host().hostId());
      assertEquals(asked.guests(), view.now().guests(), view.host().hostId());
      assertEquals(asked.damage(), view.now().damage(), view.host().hostId());
      assertEquals(asked.clockNanos(), view.now().clockNanos(), view.host().hostId());
      assertEquals(asked, fleetUses.describe(view.host().hostId()).get(30, TimeUnit.SECONDS).now());
    }
    assertTrue(listed.get(0).now().guests().containsValue(GuestState.PANICKED), listed.get(0).now().toString());
    assertEquals(session.id(), listed.get(0).lastPanicSessions().values().stream().filter(s -> !s.isEmpty())
        .findFirst().orElseThrow());
  }

  @Test
  void aHostThatRunsNoSessionIsShownWithoutBeingAsked() throws Exception {
    var hostsUp = FleetMetrics.get(fleet.node().system()).registry().get("perfsim.hosts.up").gauge();
    HostEntity.Description before = fleetUses.describe("host-3").get(30, TimeUnit.SECONDS).now();
    double up = hostsUp.value();
    // the entity stops (as Cluster Sharding stops one it moves): asking it would re-create and re-provision it
    fleet.node().sharding().entityRefFor(HostEntity.TYPE_KEY, "host-3").tell(new HostEntity.Stop());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (hostsUp.value() == up && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(up - 1, hostsUp.value(), "the entity stopped");

    assertEquals(before, fleetUses.describe("host-3").get(30, TimeUnit.SECONDS).now());
    assertEquals(4, fleetUses.list(Map.of(), 10, "").get(30, TimeUnit.SECONDS).hosts().size());

    assertEquals(up - 1, hostsUp.value(), "neither DescribeHost nor ListHosts asked the host");
  }
}
