package org.perfsim.coordinator.core;

import java.util.List;
import java.util.Map;
import org.perfsim.host.HostEntity;
import org.perfsim.vm.GuestDamage;
import org.perfsim.vm.GuestState;

/**
 * A host as the API shows it: its spec from the catalog, what its actor says now, the session it runs
 * ("" if none) and, per guest, the session that last panicked it ("" if none).
 */
public record HostView(FleetCatalog.CatalogHost host, HostEntity.Description now, String activeSession,
    Map<Integer, String> lastPanicSessions) {

  public HostView {
    lastPanicSessions = Map.copyOf(lastPanicSessions);
  }

  /** One entry per guest, in guest id order. */
  public List<GuestView> guests() {
    return now.guests().entrySet().stream().map(e -> new GuestView(host, e.getKey(), e.getValue(),
        now.damage().getOrDefault(e.getKey(), GuestDamage.NONE),
        lastPanicSessions.getOrDefault(e.getKey(), ""))).toList();
  }

  /** One guest of a host: its health and what PEBS writes did to it. */
  public record GuestView(FleetCatalog.CatalogHost host, int guestId, GuestState state,
      GuestDamage damage, String lastPanicSession) {}

  /** A page of hosts: {@code totalSize} hosts match, {@code nextPageToken} is "" on the last page. */
  public record Page(List<HostView> hosts, int totalSize, String nextPageToken) {}
}
