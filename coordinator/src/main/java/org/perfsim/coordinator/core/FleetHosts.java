package org.perfsim.coordinator.core;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.perfsim.host.EmbeddedFleet;
import org.perfsim.host.HostEntity;
import org.perfsim.kernel.Capabilities;

/**
 * The host actors as the catalog expects them. A host entity that Cluster Sharding moved or restarted comes
 * back empty ("not provisioned": no profile); before it is described or runs a session it is provisioned
 * again from its catalog entry. What that loses: the guests' health, damage counts and the host clock start
 * afresh (the catalog keeps only the spec, labels and last-panic sessions).
 */
public final class FleetHosts {
  private final EmbeddedFleet fleet;
  private final FleetCatalog catalog;

  public FleetHosts(EmbeddedFleet fleet, FleetCatalog catalog) {
    this.fleet = fleet;
    this.catalog = catalog;
  }

  /** Builds {@code host} on its actor (fresh guests). */
  public CompletableFuture<HostEntity.Provisioned> provision(FleetCatalog.CatalogHost host) {
    return provision(host, 1);
  }

  /** Builds {@code host}, one of {@code batchHosts} built together (the wait is bounded by the batch). */
  public CompletableFuture<HostEntity.Provisioned> provision(FleetCatalog.CatalogHost host, int batchHosts) {
    return fleet.provisionAsync(host.profile(), batchHosts);
  }

  /** The host as its actor knows it, provisioned again first if it lost its state. */
  public CompletableFuture<HostEntity.Description> describe(String hostId) {
    return fleet.describeAsync(hostId).thenCompose(now -> restoredIfEmpty(hostId, now)
        .thenCompose(restored -> restored ? fleet.describeAsync(hostId) : CompletableFuture.completedFuture(now)));
  }

  /**
   * Runs a session on {@code hostId}; the result is awaited for {@code timeout}. The session is sent at once
   * (so a CancelSession sent after it finds it); only when perf did not succeed is the host asked whether it
   * lost its state, and if so it is provisioned again and the session sent once more.
   */
  public CompletableFuture<HostEntity.SessionFinished> runSession(String hostId, List<String> argv,
      Optional<String> perfOverride, long seed, Duration timeout) {
    return runSession(hostId, argv, perfOverride, seed, timeout, 0);
  }

  /** As above; the host returns a perf.data file of its first {@code perfDataSamplesPerCpu} samples per pCPU (0: none). */
  public CompletableFuture<HostEntity.SessionFinished> runSession(String hostId, List<String> argv,
      Optional<String> perfOverride, long seed, Duration timeout, int perfDataSamplesPerCpu) {
    return runSession(hostId, argv, perfOverride, seed, timeout, perfDataSamplesPerCpu, Capabilities.DEFAULT);
  }

  /** As above, perf run with {@code caps}. */
  public CompletableFuture<HostEntity.SessionFinished> runSession(String hostId, List<String> argv,
      Optional<String> perfOverride, long seed, Duration timeout, int perfDataSamplesPerCpu, Capabilities caps) {
    return fleet.startSession(hostId, argv, perfOverride, seed, timeout, perfDataSamplesPerCpu, caps).thenCompose(finished -> {
      if (finished.result().exitStatus() == 0) {
        return CompletableFuture.completedFuture(finished);
      }
      return fleet.describeAsync(hostId).thenCompose(now -> restoredIfEmpty(hostId, now)).thenCompose(restored ->
          restored ? fleet.startSession(hostId, argv, perfOverride, seed, timeout, perfDataSamplesPerCpu, caps)
              : CompletableFuture.completedFuture(finished));
    });
  }

  /** Provisions {@code hostId} from the catalog if its actor has no profile; true if it had to. */
  private CompletableFuture<Boolean> restoredIfEmpty(String hostId, HostEntity.Description now) {
    Optional<FleetCatalog.CatalogHost> known = catalog.host(hostId);
    if (now.profile().isPresent() || known.isEmpty()) {
      return CompletableFuture.completedFuture(false);
    }
    return provision(known.get()).thenApply(up -> true);
  }

  /** Stops perf on {@code hostId} (nothing happens when it runs nothing). */
  public void cancelSession(String hostId) {
    fleet.cancelSession(hostId);
  }

  /** The fleet's rule for how long a session on {@code sessionHosts} hosts lasting {@code workloadNanos} may take. */
  Duration sessionTimeout(long workloadNanos, int sessionHosts) {
    return fleet.config().sessionTimeout(workloadNanos, sessionHosts);
  }

  EmbeddedFleet fleet() {
    return fleet;
  }
}
