package org.perfsim.coordinator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** What the catalog records: names, limits, claims and panics. */
class FleetCatalogTest {
  private static final ProvisionSpec SPEC = ProvisionSpec.of(ProvisionRequest.count(1, 2, "", "", "", 0));

  @Test
  void countedHostsContinueAfterTheHighestNumberAndComeBackInIdOrder() {
    FleetCatalog catalog = new FleetCatalog(20);
    catalog.add(new ProvisionRequest.Ids(List.of("host-7")), SPEC);
    List<FleetCatalog.CatalogHost> added = catalog.add(new ProvisionRequest.Count(3), SPEC);
    assertEquals(List.of("host-10", "host-8", "host-9"), added.stream().map(FleetCatalog.CatalogHost::hostId).toList());
    assertEquals(4, catalog.size());
  }

  @Test
  void growingPastTheLimitIsExhaustedAndRecordsNothing() {
    FleetCatalog catalog = new FleetCatalog(3);
    catalog.add(new ProvisionRequest.Count(2), SPEC);
    CoreError e = assertThrows(CoreError.class, () -> catalog.add(new ProvisionRequest.Count(2), SPEC));
    assertEquals(CoreError.Kind.RESOURCE_EXHAUSTED, e.kind());
    assertEquals("count", e.field());
    assertEquals(2, catalog.size());
  }

  @Test
  void anExistingMalformedOrRepeatedIdIsRefusedByKind() {
    FleetCatalog catalog = new FleetCatalog(10);
    catalog.add(new ProvisionRequest.Ids(List.of("a")), SPEC);
    assertEquals(CoreError.Kind.ALREADY_EXISTS, assertThrows(CoreError.class,
        () -> catalog.add(new ProvisionRequest.Ids(List.of("a")), SPEC)).kind());
    assertEquals(CoreError.Kind.INVALID_ARGUMENT, assertThrows(CoreError.class,
        () -> catalog.add(new ProvisionRequest.Ids(List.of("Bad_Id")), SPEC)).kind());
    assertEquals("ids.ids", assertThrows(CoreError.class,
        () -> catalog.add(new ProvisionRequest.Ids(List.of("b", "b")), SPEC)).field());
    assertEquals("hosts", assertThrows(CoreError.class, () -> catalog.add(new ProvisionRequest.Unset(), SPEC)).field());
  }

  @Test
  void aClaimedHostCannotBeClaimedByAnotherSessionUntilReleased() {
    FleetCatalog catalog = new FleetCatalog(10);
    catalog.add(new ProvisionRequest.Count(2), SPEC);
    catalog.claim(List.of("host-0"), "s-1");
    CoreError busy = assertThrows(CoreError.class, () -> catalog.claim(List.of("host-1", "host-0"), "s-2"));
    assertEquals(CoreError.Kind.FAILED_PRECONDITION, busy.kind());
    assertEquals(Optional.empty(), catalog.activeSession("host-1"), "nothing is claimed when one host is busy");
    catalog.release("host-0", "s-1");
    catalog.claim(List.of("host-1", "host-0"), "s-2");
    assertEquals(Optional.of("s-2"), catalog.activeSession("host-0"));
  }

  @Test
  void labelsSelectHostsAndThePanickingSessionIsRemembered() {
    FleetCatalog catalog = new FleetCatalog(10);
    ProvisionRequest zoned = new ProvisionRequest(new ProvisionRequest.Count(1), Map.of("zone", "a"), "", "", "", 0,
        OptionalInt.empty(), ProvisionRequest.GuestRequest.DEFAULT, ProvisionRequest.RebootRequest.DEFAULT);
    catalog.add(zoned.hosts(), ProvisionSpec.of(zoned));
    catalog.add(new ProvisionRequest.Count(1), SPEC);
    assertEquals(List.of("host-0"), catalog.matching(Map.of("zone", "a")).stream()
        .map(FleetCatalog.CatalogHost::hostId).toList());
    catalog.panicked("host-1", 0, "s-9");
    assertEquals("s-9", catalog.lastPanicSession("host-1", 0));
    assertTrue(catalog.lastPanicSession("host-0", 0).isEmpty());
  }
}
