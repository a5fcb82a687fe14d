package org.perfsim.coordinator.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.perfsim.coordinator.core.ProvisionRequest.HostNames;
import org.perfsim.coordinator.core.ProvisionSpec.GuestShape;
import org.perfsim.coordinator.core.ProvisionSpec.Reboot;
import org.perfsim.coordinator.core.store.FleetStore;
import org.perfsim.coordinator.core.store.StoreException;
import org.perfsim.host.HostProfile;
import org.perfsim.session.HostSnapshot;

/**
 * What the coordinator knows about its fleet beyond the host actors themselves: every host it provisioned
 * with its labels and spec, each host's latest snapshot (what its actor handed back last: a host that Cluster
 * Sharding moved is provisioned again with it), the session each host is running, and which session last
 * panicked each guest. The definitions are written through to a {@link FleetStore} (a host once its
 * provisioning committed); snapshots are written behind, by one writer thread that takes each host's latest, so
 * a fleet's session results do not wait on the store one by one (a crash may lose the snapshots of the last
 * moments before it). Every store write holds {@code storeOrder}, so a snapshot written behind never lands after
 * the definition that replaced it. Thread-safe; every method is atomic.
 */
public final class FleetCatalog {

  /** One provisioned host as the API describes it. */
  public record CatalogHost(HostProfile profile, Map<String, String> labels, GuestShape guestShape,
      Reboot reboot) {
    public CatalogHost {
      labels = Map.copyOf(labels);
    }

    public String hostId() {
      return profile.hostId();
    }

    /** Carries every label of {@code selector} with the same value. */
    public boolean matches(Map<String, String> selector) {
      return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
  }

  private final int maxHosts;
  private final TreeMap<String, CatalogHost> hosts = new TreeMap<>();
  private final Map<String, String> activeSession = new HashMap<>();
  private final Map<String, String> lastPanicSession = new HashMap<>();
  private final Map<String, HostSnapshot> snapshots = new HashMap<>();
  private final FleetStore store;
  /** Hosts whose snapshot changed since it was last written, oldest first. */
  private final java.util.LinkedHashSet<String> unwrittenSnapshots = new java.util.LinkedHashSet<>();
  private final Object storeOrder = new Object();
  private final java.util.concurrent.ExecutorService snapshotWriter = java.util.concurrent.Executors
      .newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "perfsim-fleet-store");
        thread.setDaemon(true);
        return thread;
      });
  private boolean snapshotWriteQueued;
  private static final System.Logger LOG = System.getLogger("perfsim.store");

  /** A catalog that refuses to grow past {@code maxHosts} hosts (RESOURCE_EXHAUSTED), kept in memory only. */
  public FleetCatalog(int maxHosts) {
    this(maxHosts, FleetStore.MEMORY_ONLY);
  }

  /** As above, written through to {@code store}. */
  public FleetCatalog(int maxHosts, FleetStore store) {
    this.maxHosts = maxHosts;
    this.store = store;
  }

  public int maxHosts() {
    return maxHosts;
  }

  /**
   * Names the hosts {@code request} creates, checks them against the fleet and the host limit, and records
   * them with {@code spec}; returns them in host id order. Nothing is recorded when a check fails.
   */
  public synchronized List<CatalogHost> add(HostNames names, ProvisionSpec spec) {
    List<String> ids;
    if (names instanceof ProvisionRequest.Count c) {
      ids = countedIds(c.count());
    } else if (names instanceof ProvisionRequest.Ids given) {
      ids = explicitIds(given.ids());
    } else {
      throw CoreError.invalid("hosts", "set either count or ids");
    }
    if ((long) hosts.size() + ids.size() > maxHosts) {
      throw CoreError.exhausted(names instanceof ProvisionRequest.Count ? "count" : "ids", "the fleet has " + hosts.size()
          + " hosts; " + ids.size() + " more would pass the server's limit of " + maxHosts);
    }
    List<CatalogHost> created = new ArrayList<>();
    for (String id : ids) {
      CatalogHost host = new CatalogHost(spec.profile(id), spec.labels(), spec.shape(), spec.reboot());
      hosts.put(id, host);
      snapshots.remove(id); // a host provisioned afresh
      created.add(host);
    }
    created.sort(java.util.Comparator.comparing(CatalogHost::hostId));
    return created;
  }

  private List<String> countedIds(int count) {
    if (count == 0) {
      throw CoreError.invalid("count", "must be at least 1");
    }
    if (Integer.toUnsignedLong(count) > maxHosts) {
      throw CoreError.exhausted("count", Integer.toUnsignedString(count) + " hosts pass the server's limit of "
          + maxHosts);
    }
    int next = hosts.keySet().stream().filter(id -> id.matches("host-[0-9]{1,9}"))
        .mapToInt(id -> Integer.parseInt(id.substring(5)) + 1).max().orElse(0);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add("host-" + (next + i));
    }
    return ids;
  }

  private List<String> explicitIds(List<String> given) {
    List<String> ids = checkedIds(given, "ids.ids");
    for (String id : ids) {
      if (hosts.containsKey(id)) {
        throw CoreError.alreadyExists("ids.ids", "host '" + id + "' already exists");
      }
    }
    return ids;
  }

  /** Host ids as HostIdList documents them: at least one, each a DNS label, no duplicates. */
  static List<String> checkedIds(List<String> given, String field) {
    if (given.isEmpty()) {
      throw CoreError.invalid(field, "give at least one host id");
    }
    Set<String> seen = new HashSet<>();
    for (String id : given) {
      if (!ProvisionSpec.HOST_ID.matcher(id).matches()) {
        throw CoreError.invalid(field, "malformed host id '" + id + "' (a DNS label: [a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)");
      }
      if (!seen.add(id)) {
        throw CoreError.invalid(field, "host id '" + id + "' is given twice");
      }
    }
    return List.copyOf(given);
  }

  /**
   * Records {@code hostIds} with {@code spec}, replacing the entries of those that exist (an experiment
   * provisions its hosts afresh); returns them in host id order. Nothing is recorded when a check fails:
   * FAILED_PRECONDITION naming the host when one of them runs a session, RESOURCE_EXHAUSTED past the host limit.
   */
  public synchronized List<CatalogHost> replace(List<String> hostIds, ProvisionSpec spec, String field) {
    List<String> ids = checkedIds(hostIds, field);
    for (String id : ids) {
      String busy = activeSession.get(id);
      if (busy != null) {
        throw CoreError.failedPrecondition(field, "host '" + id + "' is running session " + busy);
      }
    }
    long added = ids.stream().filter(id -> !hosts.containsKey(id)).count();
    if (hosts.size() + added > maxHosts) {
      throw CoreError.exhausted(field, "the fleet has " + hosts.size() + " hosts; " + added
          + " more would pass the server's limit of " + maxHosts);
    }
    List<CatalogHost> replaced = new ArrayList<>();
    for (String id : ids) {
      CatalogHost host = new CatalogHost(spec.profile(id), spec.labels(), spec.shape(), spec.reboot());
      hosts.put(id, host);
      snapshots.remove(id); // a host provisioned afresh
      replaced.add(host);
    }
    replaced.sort(java.util.Comparator.comparing(CatalogHost::hostId));
    return replaced;
  }

  /** Forgets hosts whose provisioning failed, so that nothing half-made stays in the fleet. */
  public void remove(List<String> hostIds) {
    synchronized (storeOrder) {
      synchronized (this) {
        hostIds.forEach(hosts::remove);
        hostIds.forEach(snapshots::remove);
        unwrittenSnapshots.removeAll(hostIds);
      }
      written("hosts " + hostIds + " are not forgotten", () -> store.removeHosts(hostIds));
    }
  }

  /** A store that fails a write is logged and the fleet carries on in memory, as sessions do. */
  private static void written(String ifNot, Runnable write) {
    try {
      write.run();
    } catch (StoreException e) {
      LOG.log(System.Logger.Level.WARNING, ifNot + " in the store: " + e.getMessage());
    }
  }

  /** {@code hostIds} came up: their provisioning is committed, and stored with their snapshots. */
  public void committed(List<String> hostIds) {
    synchronized (storeOrder) {
      List<FleetStore.StoredHost> committed;
      synchronized (this) {
        committed = hostIds.stream().filter(hosts::containsKey)
            .map(id -> new FleetStore.StoredHost(hosts.get(id), snapshots.getOrDefault(id, HostSnapshot.PROVISIONED)))
            .toList();
        unwrittenSnapshots.removeAll(hostIds); // written with their definitions
      }
      written("hosts " + hostIds + " are not stored", () -> store.saveHosts(committed));
    }
  }

  /**
   * Takes up the hosts a {@link FleetStore} kept (a restarted coordinator), with their snapshots; RESOURCE_EXHAUSTED
   * (nothing taken) when they pass the host limit. Returns them in host id order.
   */
  public synchronized List<CatalogHost> restore(List<FleetStore.StoredHost> stored) {
    long added = stored.stream().filter(s -> !hosts.containsKey(s.host().hostId())).count();
    if (hosts.size() + added > maxHosts) {
      throw CoreError.exhausted("max_hosts", stored.size() + " stored hosts pass the server's limit of " + maxHosts);
    }
    stored.forEach(s -> {
      hosts.put(s.host().hostId(), s.host());
      snapshots.put(s.host().hostId(), s.snapshot());
    });
    return stored.stream().map(FleetStore.StoredHost::host).sorted(java.util.Comparator.comparing(CatalogHost::hostId))
        .toList();
  }

  /** The host at rest as its actor last handed it back; ignored for a host no longer in the fleet. */
  public synchronized void atRest(String hostId, HostSnapshot snapshot) {
    if (hosts.containsKey(hostId)) {
      snapshots.put(hostId, snapshot);
      // after flush (the server closed) a late answer is kept in memory only: the store is closed
      if (store != FleetStore.MEMORY_ONLY && !snapshotWriter.isShutdown() && unwrittenSnapshots.add(hostId)
          && !snapshotWriteQueued) {
        snapshotWriteQueued = true;
        snapshotWriter.execute(this::writeSnapshots);
      }
    }
  }

  /** Writes every snapshot not written yet, each host's latest; the writer thread's task, and {@link #flush}'s. */
  private void writeSnapshots() {
    while (true) {
      synchronized (storeOrder) {
        String hostId;
        HostSnapshot snapshot;
        synchronized (this) {
          java.util.Iterator<String> next = unwrittenSnapshots.iterator();
          if (!next.hasNext()) {
            snapshotWriteQueued = false;
            return;
          }
          hostId = next.next();
          next.remove();
          snapshot = snapshots.get(hostId);
        }
        if (snapshot != null) {
          written("the snapshot of host " + hostId + " is not stored", () -> store.saveSnapshot(hostId, snapshot));
        }
      }
    }
  }

  /** Writes the snapshots still waiting, on the caller's thread: before the store closes. */
  public void flush() {
    writeSnapshots();
    snapshotWriter.shutdown();
  }

  /** The host's latest snapshot; empty when it was just provisioned afresh and has not answered yet. */
  public synchronized Optional<HostSnapshot> snapshot(String hostId) {
    return Optional.ofNullable(snapshots.get(hostId));
  }

  public synchronized Optional<CatalogHost> host(String hostId) {
    return Optional.ofNullable(hosts.get(hostId));
  }

  /** Hosts carrying every label of {@code selector}, in host id order. */
  public synchronized List<CatalogHost> matching(Map<String, String> selector) {
    return hosts.values().stream().filter(h -> h.matches(selector)).toList();
  }

  public synchronized int size() {
    return hosts.size();
  }

  /**
   * Marks {@code hostIds} as running {@code sessionId}; FAILED_PRECONDITION (nothing marked) when one of them
   * runs another session already.
   */
  public synchronized void claim(List<String> hostIds, String sessionId) {
    for (String id : hostIds) {
      String other = activeSession.get(id);
      if (other != null) {
        throw CoreError.failedPrecondition("hosts", "host '" + id + "' is running session " + other);
      }
    }
    hostIds.forEach(id -> activeSession.put(id, sessionId));
  }

  /** {@code hostId} no longer runs {@code sessionId}. */
  public synchronized void release(String hostId, String sessionId) {
    activeSession.remove(hostId, sessionId);
  }

  public synchronized Optional<String> activeSession(String hostId) {
    return Optional.ofNullable(activeSession.get(hostId));
  }

  /** Remembers that {@code sessionId}'s PEBS writes panicked guest {@code guestId} of {@code hostId}. */
  public synchronized void panicked(String hostId, int guestId, String sessionId) {
    lastPanicSession.put(hostId + "/" + guestId, sessionId);
  }

  /** The session that last panicked the guest; empty if none did. */
  public synchronized String lastPanicSession(String hostId, int guestId) {
    return lastPanicSession.getOrDefault(hostId + "/" + guestId, "");
  }

  /** Every host, in host id order. */
  public synchronized List<CatalogHost> all() {
    return List.copyOf(new TreeMap<>(hosts).values());
  }
}
