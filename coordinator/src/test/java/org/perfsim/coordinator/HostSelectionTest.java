package org.perfsim.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.perfsim.api.v1.HostSelector;
import org.perfsim.api.v1.ProvisionHostsRequest;
import org.perfsim.api.v1.StartSessionRequest;

/** The pure parts of session placement: the blast radius a selector picks, and the registry's paging. */
class HostSelectionTest {
  private static FleetCatalog fleetOf(int hosts) {
    FleetCatalog catalog = new FleetCatalog(100);
    ProvisionHostsRequest request = ProvisionHostsRequest.newBuilder().setCount(hosts).build();
    catalog.add(request, ProvisionSpec.of(request));
    return catalog;
  }

  @Test
  void percentRoundsUpAndTheSameSeedPicksTheSameHosts() {
    FleetCatalog fleet = fleetOf(10);
    HostSelector quarter = HostSelector.newBuilder().setPercent(25).build();
    List<String> picked = HostSelection.resolve(quarter, fleet, 7);
    assertEquals(3, picked.size());
    assertEquals(picked, HostSelection.resolve(quarter, fleet, 7));
    assertEquals(picked.stream().sorted().toList(), picked);
    assertEquals(10, HostSelection.resolve(HostSelector.newBuilder().setPercent(100).build(), fleet, 1).size());
    assertEquals(1, HostSelection.resolve(HostSelector.newBuilder().setPercent(0.01).build(), fleet, 1).size());
  }

  @Test
  void countAboveTheFleetIsAFailedPreconditionOnTheCountField() {
    ApiError e = assertThrows(ApiError.class, () -> HostSelection.resolve(
        HostSelector.newBuilder().setCount(11).build(), fleetOf(10), 1));
    assertEquals(Status.Code.FAILED_PRECONDITION, e.code());
    assertEquals("hosts.count", e.field());
  }

  @Test
  void sessionPagesRunNewestFirstWithoutGapsOrRepeats() {
    SessionRegistry registry = new SessionRegistry(100);
    for (int i = 0; i < 5; i++) {
      registry.create(StartSessionRequest.getDefaultInstance(), List.of("host-0"), List.of("perf"), "", 1);
    }
    List<String> seen = new ArrayList<>();
    String token = "";
    do {
      SessionRegistry.Page page = registry.list(2, token, s -> true);
      page.sessions().forEach(s -> seen.add(s.id()));
      token = page.nextPageToken();
    } while (!token.isEmpty() && seen.size() < 10);
    assertEquals(List.of("s-5", "s-4", "s-3", "s-2", "s-1"), seen);
    ApiError foreign = assertThrows(ApiError.class, () -> new SessionRegistry(10).list(2,
        registry.list(2, "", s -> true).nextPageToken(), s -> true));
    assertEquals("page_token", foreign.field());
  }
}
