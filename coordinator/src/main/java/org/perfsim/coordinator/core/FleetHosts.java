package org.perfsim.coordinator.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.perfsim.host.ClusterMembership;
import org.perfsim.host.EmbeddedFleet;
import org.perfsim.host.HostEntity;
import org.perfsim.kernel.Capabilities;

/**
 * The host actors as the catalog expects them. Every answer that carries the host's snapshot (provisioned, a
 * session's result, a guest stopped or rebooted) leaves it in the catalog. A host entity that Cluster Sharding
 * moved or restarted comes back empty ("not provisioned": no profile); before it is described or runs a session
 * it is provisioned again from its catalog entry with that snapshot, so it comes back as it was then. What that
 * loses: whatever happened on the host after its last answer, i.e. the effects of a session it was running when
 * its node was lost (no step is replicated).
 */
public final class FleetHosts {
  private final EmbeddedFleet fleet;
  private final FleetCatalog catalog;
  /** The cluster member each host last answered from (provisioning, a description, a session's result). */
  private final Map<String, String> lastSeenOn = new ConcurrentHashMap<>();
  /** Each host's last reported state, which the API shows instead of asking every host. */
  private final HostStates states = new HostStates();
  /** The other cluster members; while there is one, hosts may move (and come back empty) at any time. */
  private final Set<String> otherMembers = ConcurrentHashMap.newKeySet();

  public FleetHosts(EmbeddedFleet fleet, FleetCatalog catalog) {
    this.fleet = fleet;
    this.catalog = catalog;
    fleet.node().onMembership(change -> {
      if (!change.self()) {
        if (change.kind() == ClusterMembership.Kind.REMOVED) {
          otherMembers.remove(change.address());
        } else {
          otherMembers.add(change.address());
        }
        states.forgetAll();
      }
    });
  }

  /** Builds {@code host} on its actor, as its catalog snapshot says (fresh guests if it has none). */
  public CompletableFuture<HostEntity.Provisioned> provision(FleetCatalog.CatalogHost host) {
    return fleet.provisionAsync(host.profile(), catalog.snapshot(host.hostId()))
        .whenComplete((up, failure) -> {
          if (up != null) {
            lastSeenOn.put(up.hostId(), up.nodeAddress());
            catalog.atRest(up.hostId(), up.snapshot());
          }
        });
  }

  /** Shuts guest {@code guestId} of {@code hostId} down. */
  public CompletableFuture<HostEntity.GuestChanged> stopGuest(String hostId, int guestId) {
    return fleet.stopGuest(hostId, guestId).whenComplete((changed, failure) -> keep(hostId, changed));
  }

  /** Boots guest {@code guestId} of {@code hostId} afresh. */
  public CompletableFuture<HostEntity.GuestChanged> rebootGuest(String hostId, int guestId) {
    return fleet.rebootGuest(hostId, guestId).whenComplete((changed, failure) -> keep(hostId, changed));
  }

  private void keep(String hostId, HostEntity.GuestChanged changed) {
    if (changed != null) {
      changed.snapshot().ifPresent(snapshot -> catalog.atRest(hostId, snapshot));
    }
  }

  /** The host as its actor knows it, provisioned again first if it lost its state. */
  public CompletableFuture<HostEntity.Description> describe(String hostId) {
    long stamp = states.stamp(hostId);
    return fleet.describeAsync(hostId).thenCompose(now -> restoredIfEmpty(hostId, now)
        .thenCompose(restored -> restored ? fleet.describeAsync(hostId) : CompletableFuture.completedFuture(now)))
        .whenComplete((described, failure) -> {
          if (described != null) {
            lastSeenOn.put(hostId, described.nodeAddress());
            states.described(described, stamp);
          }
        });
  }

  /**
   * The host's last reported state (its last Describe answer, or how its last session left it); empty when
   * it has to be asked: never described, its session failed, or this node is not alone in its cluster (Cluster
   * Sharding rebalances hosts onto the other members at times no message tells, and a moved host comes back
   * empty, to be provisioned again when it is next asked).
   */
  public Optional<HostEntity.Description> lastKnown(String hostId) {
    return otherMembers.isEmpty() ? states.lastKnown(hostId) : Optional.empty();
  }

  /**
   * {@code listener} hears the address of every other cluster member this node loses (unreachable, downed,
   * removed) and which of those it was; it runs on an actor's thread and must not block.
   */
  public void onMemberLost(BiConsumer<String, ClusterMembership.Kind> listener) {
    fleet.node().onMembership(change -> {
      if (!change.self() && change.kind().lost()) {
        listener.accept(change.address(), change.kind());
      }
    });
  }

  /**
   * Whether {@code hostId}'s session went with the lost member {@code memberAddress}. A host that last answered
   * from another member, which is still there, lost it only if it now answers as a fresh entity (no profile:
   * Cluster Sharding re-created it); a slow answer there is not a loss. Otherwise (it last answered from the
   * lost member, or never answered yet) it is lost when it does not answer within {@code bound}, answers as a
   * fresh entity, or answers from another member than the one it was on.
   */
  public CompletableFuture<Boolean> lostWith(String hostId, String memberAddress, Duration bound) {
    String seenOn = lastSeenOn.get(hostId);
    CompletableFuture<HostEntity.Description> probe = fleet.describeAsync(hostId, bound);
    if (!suspect(hostId, memberAddress)) {
      return probe.handle((now, failure) -> failure == null && now.profile().isEmpty());
    }
    return probe.handle((now, failure) -> failure != null || now.profile().isEmpty()
        || (seenOn != null && !now.nodeAddress().equals(memberAddress)));
  }

  /** Whether {@code hostId} last answered from {@code memberAddress}, or never answered yet. */
  public boolean suspect(String hostId, String memberAddress) {
    String seenOn = lastSeenOn.get(hostId);
    return seenOn == null || seenOn.equals(memberAddress);
  }

  /**
   * Runs a session on {@code hostId}; the result is awaited as long as the host reports progress (a
   * {@code TimeoutException} after {@code perfsim.fleet.session-silence} without, see
   * {@code EmbeddedFleet.startSession}). The session is sent at once (so a CancelSession sent after it finds
   * it); only when perf did not succeed is the host asked whether it lost its state, and if so it is
   * provisioned again and the session sent once more.
   */
  public CompletableFuture<HostEntity.SessionFinished> runSession(String hostId, List<String> argv,
      Optional<String> perfOverride, long seed) {
    return runSession(hostId, argv, perfOverride, seed, 0);
  }

  /** As above; the host returns a perf.data file of its first {@code perfDataSamplesPerCpu} samples per pCPU (0: none). */
  public CompletableFuture<HostEntity.SessionFinished> runSession(String hostId, List<String> argv,
      Optional<String> perfOverride, long seed, int perfDataSamplesPerCpu) {
    return runSession(hostId, argv, perfOverride, seed, perfDataSamplesPerCpu, Capabilities.DEFAULT, reached -> { });
  }

  /** As above, perf run with {@code caps}; {@code onProgress} hears the simulated time reached (must not block). */
  public CompletableFuture<HostEntity.SessionFinished> runSession(String hostId, List<String> argv,
      Optional<String> perfOverride, long seed, int perfDataSamplesPerCpu, Capabilities caps,
      LongConsumer onProgress) {
    return started(hostId, argv, perfOverride, seed, perfDataSamplesPerCpu, caps, onProgress).thenCompose(finished -> {
      if (finished.result().exitStatus() == 0) {
        return CompletableFuture.completedFuture(finished);
      }
      return fleet.describeAsync(hostId).thenCompose(now -> restoredIfEmpty(hostId, now)).thenCompose(restored ->
          restored ? started(hostId, argv, perfOverride, seed, perfDataSamplesPerCpu, caps, onProgress)
              : CompletableFuture.completedFuture(finished));
    }).whenComplete((finished, failure) -> {
      // recorded before the caller hears of the result, so the API shows the host as the session left it
      if (finished != null && finished.hostAfter().isPresent()) {
        states.sessionLeft(finished.hostAfter().get());
      } else {
        states.forget(hostId);
      }
    });
  }

  /** The session's result, its host's snapshot kept first (so a finished session's effects outlive a move). */
  private CompletableFuture<HostEntity.SessionFinished> started(String hostId, List<String> argv,
      Optional<String> perfOverride, long seed, int perfDataSamplesPerCpu, Capabilities caps,
      LongConsumer onProgress) {
    return fleet.startSession(hostId, argv, perfOverride, seed, perfDataSamplesPerCpu, caps, onProgress)
        .thenApply(finished -> {
          lastSeenOn.put(hostId, finished.nodeAddress());
          finished.snapshot().ifPresent(snapshot -> catalog.atRest(hostId, snapshot));
          return finished;
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

  /** Hosts of one provisioning request asked at once at most ({@code perfsim.fleet.provision-window}). */
  int provisionWindow() {
    return fleet.config().provisionWindow();
  }

  EmbeddedFleet fleet() {
    return fleet;
  }
}
