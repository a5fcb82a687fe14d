package org.perfsim.coordinator.core.store;

import java.util.Collection;
import java.util.List;
import org.perfsim.coordinator.core.FleetCatalog.CatalogHost;
import org.perfsim.session.HostSnapshot;

/**
 * Where the fleet's definitions outlive the coordinator: each provisioned host (profile, labels, the request's
 * shape) with its latest snapshot, read back at start so a restarted coordinator provisions the same hosts as
 * they were. Implementations are thread-safe; a failed write throws {@link StoreException}.
 */
public interface FleetStore {

  /** One stored host: its definition and the host at rest when last heard of. */
  record StoredHost(CatalogHost host, HostSnapshot snapshot) {}

  /** Writes {@code hosts} (their provisioning committed), replacing what was stored under their ids. */
  void saveHosts(List<StoredHost> hosts);

  /** The host {@code hostId} at rest now; nothing happens when it is not stored (its provisioning is under way). */
  void saveSnapshot(String hostId, HostSnapshot snapshot);

  /** Forgets {@code hostIds}. */
  void removeHosts(Collection<String> hostIds);

  /** Every stored host, in host id order. */
  List<StoredHost> hosts();

  /** The catalog of the CLI's embedded mode and of tests: nothing outlives the process. */
  FleetStore MEMORY_ONLY = new FleetStore() {
    @Override
    public void saveHosts(List<StoredHost> hosts) {
      // memory only: the catalog is the whole fleet
    }

    @Override
    public void saveSnapshot(String hostId, HostSnapshot snapshot) {
      // memory only
    }

    @Override
    public void removeHosts(Collection<String> hostIds) {
      // memory only
    }

    @Override
    public List<StoredHost> hosts() {
      return List.of();
    }
  };
}
