package org.perfsim.session;

import java.util.List;
import java.util.Map;
import org.perfsim.pmu.GuestPhysicalWrite;

/**
 * What one simulated step left for the guests: for each guest that must hear from its host (it was
 * written to, or it changes by itself by now), the writes in time order, possibly none.
 *
 * @param nowNanos simulated time at the end of the step
 */
public record StepWrites(long nowNanos, Map<Integer, List<GuestPhysicalWrite>> byGuest) {
  public StepWrites {
    byGuest = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(byGuest));
  }
}
