package org.perfsim.coordinator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.perfsim.api.v1.HostSelector;

/** The hosts a session's {@link HostSelector} picks from the catalog: its blast radius, in host id order. */
public final class HostSelection {
  private HostSelection() {}

  /** The selected host ids; count and percent pick by {@code seed}, so the same seed picks the same hosts. */
  public static List<String> resolve(HostSelector selector, FleetCatalog catalog, long seed) {
    List<String> fleet = catalog.all().stream().map(FleetCatalog.CatalogHost::hostId).toList();
    return switch (selector.getSelectionCase()) {
      case IDS -> {
        List<String> ids = new ArrayList<>(FleetCatalog.checkedIds(selector.getIds(), "hosts.ids.ids"));
        for (String id : ids) {
          if (catalog.host(id).isEmpty()) {
            throw ApiError.notFound("hosts.ids.ids", "no host '" + id + "' in the fleet");
          }
        }
        Collections.sort(ids);
        yield ids;
      }
      case LABELS -> {
        var labels = ProvisionSpec.labels(selector.getLabels().getMatchLabelsMap(), "hosts.labels.match_labels");
        List<String> ids = catalog.matching(labels).stream().map(FleetCatalog.CatalogHost::hostId).toList();
        if (ids.isEmpty()) {
          throw ApiError.failedPrecondition("hosts.labels", "no host carries the labels " + labels);
        }
        yield ids;
      }
      case ALL -> {
        if (!selector.getAll()) {
          throw ApiError.invalid("hosts.all", "must be true when set");
        }
        yield nonEmpty(fleet, "hosts.all");
      }
      case COUNT -> {
        long count = Integer.toUnsignedLong(selector.getCount());
        if (count == 0) {
          throw ApiError.invalid("hosts.count", "must be at least 1");
        }
        if (count > fleet.size()) {
          throw ApiError.failedPrecondition("hosts.count", count + " hosts asked, the fleet has " + fleet.size());
        }
        yield pick(fleet, (int) count, seed);
      }
      case PERCENT -> {
        double percent = selector.getPercent();
        if (!(percent > 0 && percent <= 100)) {
          throw ApiError.invalid("hosts.percent", "must be within (0, 100], got " + percent);
        }
        nonEmpty(fleet, "hosts.percent");
        yield pick(fleet, (int) Math.ceil(percent * fleet.size() / 100 - 1e-9), seed);
      }
      case SELECTION_NOT_SET -> throw ApiError.invalid("hosts", "choose hosts by ids, labels, all, count or percent");
    };
  }

  private static List<String> nonEmpty(List<String> fleet, String field) {
    if (fleet.isEmpty()) {
      throw ApiError.failedPrecondition(field, "the fleet has no hosts");
    }
    return fleet;
  }

  private static List<String> pick(List<String> fleet, int count, long seed) {
    List<String> shuffled = new ArrayList<>(fleet);
    Collections.shuffle(shuffled, new Random(seed));
    List<String> picked = new ArrayList<>(shuffled.subList(0, Math.max(1, count)));
    Collections.sort(picked);
    return picked;
  }
}
