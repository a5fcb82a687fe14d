package org.perfsim.coordinator.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** The hosts a session's {@link SessionRequest.HostChoice} picks from the catalog: its blast radius, in host id order. */
public final class HostSelection {
  private HostSelection() {}

  /** The selected host ids; count and percent pick by {@code seed}, so the same seed picks the same hosts. */
  public static List<String> resolve(SessionRequest.HostChoice choice, FleetCatalog catalog, long seed) {
    List<String> fleet = catalog.all().stream().map(FleetCatalog.CatalogHost::hostId).toList();
    if (choice instanceof SessionRequest.Ids given) {
      List<String> ids = new ArrayList<>(FleetCatalog.checkedIds(given.ids(), "hosts.ids.ids"));
      for (String id : ids) {
        if (catalog.host(id).isEmpty()) {
          throw CoreError.notFound("hosts.ids.ids", "no host '" + id + "' in the fleet");
        }
      }
      Collections.sort(ids);
      return ids;
    }
    if (choice instanceof SessionRequest.Labels selector) {
      var labels = ProvisionSpec.labels(selector.matchLabels(), "hosts.labels.match_labels");
      List<String> ids = catalog.matching(labels).stream().map(FleetCatalog.CatalogHost::hostId).toList();
      if (ids.isEmpty()) {
        throw CoreError.failedPrecondition("hosts.labels", "no host carries the labels " + labels);
      }
      return ids;
    }
    if (choice instanceof SessionRequest.All all) {
      if (!all.all()) {
        throw CoreError.invalid("hosts.all", "must be true when set");
      }
      return nonEmpty(fleet, "hosts.all");
    }
    if (choice instanceof SessionRequest.Count c) {
      long count = Integer.toUnsignedLong(c.count());
      if (count == 0) {
        throw CoreError.invalid("hosts.count", "must be at least 1");
      }
      if (count > fleet.size()) {
        throw CoreError.failedPrecondition("hosts.count", count + " hosts asked, the fleet has " + fleet.size());
      }
      return pick(fleet, (int) count, seed);
    }
    if (choice instanceof SessionRequest.Percent p) {
      double percent = p.percent();
      if (!(percent > 0 && percent <= 100)) {
        throw CoreError.invalid("hosts.percent", "must be within (0, 100], got " + percent);
      }
      nonEmpty(fleet, "hosts.percent");
      return pick(fleet, countOf(percent, fleet.size()), seed);
    }
    throw CoreError.invalid("hosts", "choose hosts by ids, labels, all, count or percent");
  }

  private static List<String> nonEmpty(List<String> fleet, String field) {
    if (fleet.isEmpty()) {
      throw CoreError.failedPrecondition(field, "the fleet has no hosts");
    }
    return fleet;
  }

  /** {@code count} (at least one) of {@code fleet} picked by {@code seed}, in host id order. */
  public static List<String> pick(List<String> fleet, int count, long seed) {
    List<String> shuffled = shuffled(fleet, seed);
    List<String> picked = new ArrayList<>(shuffled.subList(0, Math.max(1, count)));
    Collections.sort(picked);
    return picked;
  }

  /** {@code hosts} in the order {@code seed} shuffles them to (the order a staged rollout reaches them in). */
  public static List<String> shuffled(List<String> hosts, long seed) {
    List<String> shuffled = new ArrayList<>(hosts);
    Collections.shuffle(shuffled, new Random(seed));
    return shuffled;
  }

  /** {@code percent} of {@code size} hosts, rounded up (a share never picks fewer hosts than it names). */
  public static int countOf(double percent, int size) {
    return (int) Math.ceil(percent * size / 100 - 1e-9);
  }
}
