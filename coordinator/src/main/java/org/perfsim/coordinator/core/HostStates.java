package org.perfsim.coordinator.core;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.perfsim.host.HostEntity;

/**
 * The last state each host reported of itself: its answer to a Describe, or how a session left it. A host
 * changes only by what the coordinator sends it (provisioning, sessions, guest stops and reboots), and each of
 * those ends with an answer that is recorded here before the call returns; so between them the last answer is
 * the host's state, and listing or describing hosts need not ask every one of them. What is forgotten, so
 * that the next look asks the host itself: a host whose session failed (timed out, its node lost), and every
 * host when another cluster member joins or is lost (Cluster Sharding may move a host, which then comes back
 * empty; {@link FleetHosts#lastKnown} asks every host while there are other members). Thread-safe.
 */
final class HostStates {
  /** {@code state} null: forgotten at {@code version} (so an answer asked for before that is not kept). */
  private record Known(HostEntity.Description state, long version) {}

  private final Map<String, Known> known = new ConcurrentHashMap<>();
  private final AtomicLong versions = new AtomicLong();

  /** The host's last reported state; empty when it never reported or was forgotten since. */
  Optional<HostEntity.Description> lastKnown(String hostId) {
    Known k = known.get(hostId);
    return k == null ? Optional.empty() : Optional.ofNullable(k.state());
  }

  /** Taken before asking a host, so that its answer does not overwrite a newer one that arrived meanwhile. */
  long stamp(String hostId) {
    Known k = known.get(hostId);
    return k == null ? 0 : k.version();
  }

  /** A Describe's answer, asked when the host's entry was at {@code stamp}: kept unless a newer one came in. */
  void described(HostEntity.Description state, long stamp) {
    known.compute(state.hostId(), (id, now) -> now == null || now.version() == stamp
        ? new Known(state, versions.incrementAndGet()) : now);
  }

  /** How a session left the host: newer than anything asked before it ended. */
  void sessionLeft(HostEntity.Description state) {
    known.put(state.hostId(), new Known(state, versions.incrementAndGet()));
  }

  void forget(String hostId) {
    known.put(hostId, new Known(null, versions.incrementAndGet()));
  }

  void forgetAll() {
    known.replaceAll((id, k) -> new Known(null, versions.incrementAndGet()));
  }
}
