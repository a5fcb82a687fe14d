package org.perfsim.coordinator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perfsim.host.EmbeddedFleet;
import org.perfsim.session.SessionResult;

/**
 * A host entity that Cluster Sharding moved or restarted comes back empty while the catalog still lists it:
 * the core provisions it again from its catalog entry before describing it or running a session on it.
 * Here the catalog lists hosts whose entities were never provisioned, which is what such a host looks like.
 */
class FleetHostsReprovisionTest {
  private static EmbeddedFleet fleet;
  private static FleetCatalog catalog;
  private static FleetHosts hosts;

  @BeforeAll
  static void fleetWithHostsOnlyTheCatalogKnows() throws Exception {
    fleet = EmbeddedFleet.start();
    catalog = new FleetCatalog(10);
    hosts = new FleetHosts(fleet, catalog);
    ProvisionRequest request = ProvisionRequest.count(2, 3, "", "", "", 1);
    catalog.add(request.hosts(), ProvisionSpec.of(request));
  }

  @AfterAll
  static void stop() {
    fleet.close();
  }

  @Test
  void aSessionOnAHostThatLostItsStateRunsOnTheHostAsTheCatalogDescribesIt() throws Exception {
    assertEquals(Optional.empty(), fleet.describe("host-0").profile(), "the entity starts empty");
    SessionCoordinator sessions = new SessionCoordinator(hosts, catalog, new SessionRegistry(10, new PageToken()));

    TrackedSession session = sessions.start(new SessionRequest(new SessionRequest.Argv(List.of("perf", "stat", "-e",
        "cycles", "-a", "--", "sleep", "0.1")), Optional.empty(), OptionalLong.empty(),
        new SessionRequest.Ids(List.of("host-0"))));

    SessionResult result = session.done().get(60, TimeUnit.SECONDS).results().get(0).result().orElseThrow();
    assertFalse(result.perfMessage().contains("not provisioned"), result.perfMessage());
    assertFalse(result.timeline().isEmpty());
    assertTrue(fleet.describe("host-0").profile().isPresent());
    assertEquals(3, fleet.describe("host-0").guests().size());
  }

  @Test
  void describingAHostThatLostItsStateProvisionsItFirst() throws Exception {
    HostView view = new FleetUseCases(hosts, catalog, new PageToken()).describe("host-1").get(60, TimeUnit.SECONDS);
    assertTrue(view.now().profile().isPresent());
    assertEquals(3, view.guests().size());
  }
}
