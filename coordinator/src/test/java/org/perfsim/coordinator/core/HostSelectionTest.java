package org.perfsim.coordinator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The blast radius a selection picks from the catalog. */
class HostSelectionTest {
  static FleetCatalog fleetOf(int hosts) {
    FleetCatalog catalog = new FleetCatalog(100);
    ProvisionRequest request = ProvisionRequest.count(hosts, 1, "", "", "", 0);
    catalog.add(request.hosts(), ProvisionSpec.of(request));
    return catalog;
  }

  @Test
  void percentRoundsUpAndTheSameSeedPicksTheSameHosts() {
    FleetCatalog fleet = fleetOf(10);
    SessionRequest.Percent quarter = new SessionRequest.Percent(25);
    List<String> picked = HostSelection.resolve(quarter, fleet, 7);
    assertEquals(3, picked.size());
    assertEquals(picked, HostSelection.resolve(quarter, fleet, 7));
    assertEquals(picked.stream().sorted().toList(), picked);
    assertEquals(10, HostSelection.resolve(new SessionRequest.Percent(100), fleet, 1).size());
    assertEquals(1, HostSelection.resolve(new SessionRequest.Percent(0.01), fleet, 1).size());
  }

  @Test
  void countAboveTheFleetIsAFailedPreconditionOnTheCountField() {
    CoreError e = assertThrows(CoreError.class, () -> HostSelection.resolve(new SessionRequest.Count(11),
        fleetOf(10), 1));
    assertEquals(CoreError.Kind.FAILED_PRECONDITION, e.kind());
    assertEquals("hosts.count", e.field());
  }

  @Test
  void labelsNoHostCarriesAreAFailedPreconditionNamingTheLabels() {
    CoreError e = assertThrows(CoreError.class, () -> HostSelection.resolve(
        new SessionRequest.Labels(Map.of("zone", "b")), fleetOf(2), 1));
    assertEquals("hosts.labels", e.field());
    assertEquals(CoreError.Kind.FAILED_PRECONDITION, e.kind());
  }

  @Test
  void noSelectionIsInvalidOnTheHostsField() {
    assertEquals("hosts", assertThrows(CoreError.class,
        () -> HostSelection.resolve(new SessionRequest.NoChoice(), fleetOf(1), 1)).field());
  }
}
