package org.perfsim.session;

import java.util.Map;
import java.util.TreeMap;
import org.perfsim.vm.GuestDamage;
import org.perfsim.vm.GuestReport;
import org.perfsim.vm.GuestSnapshot;

/**
 * A host between sessions, everything of it that is not its spec: the clock, each guest's last report (what
 * the next session schedules), the damage counts, and each guest at rest. Immutable; {@link Host#restored}
 * rebuilds a host (and {@link #guest} its guests) that plays the next session as the original would, so a host
 * that Cluster Sharding moves to another node comes back as it was when its last snapshot was taken.
 *
 * @param lastReports the guests that reported since provisioning, by guest id (absent: running, never hit)
 * @param damage the guests' damage counts, by guest id (absent: none)
 * @param guests the guests at rest, by guest id (absent: as freshly booted)
 */
public record HostSnapshot(long clockNanos, Map<Integer, GuestReport> lastReports, Map<Integer, GuestDamage> damage,
    Map<Integer, GuestSnapshot> guests) {
  public HostSnapshot {
    lastReports = Map.copyOf(new TreeMap<>(lastReports));
    damage = Map.copyOf(new TreeMap<>(damage));
    guests = Map.copyOf(new TreeMap<>(guests));
  }

  /** A host just provisioned: clock at 0, every guest freshly booted. */
  public static final HostSnapshot PROVISIONED = new HostSnapshot(0, Map.of(), Map.of(), Map.of());

  /** Guest {@code spec} of this host as it was: restored from its snapshot, or freshly booted if it has none. */
  public org.perfsim.vm.Guest guest(GuestSpec spec) {
    GuestSnapshot at = guests.get(spec.id());
    return at == null ? spec.boot() : org.perfsim.vm.Guest.restored(spec.layout(), spec.reboot(), at);
  }
}
