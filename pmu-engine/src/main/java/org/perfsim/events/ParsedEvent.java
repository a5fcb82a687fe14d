package org.perfsim.events;

import org.perfsim.abi.PerfEventAttr;

/**
 * One event as perf built it from the {@code -e} string.
 *
 * <p>{@link #attr()} holds only the event part of perf_event_attr, as perf record prints it: type,
 * size (the generation's), config/config1/config2, the modifier-derived bits (exclude_*, precise_ip,
 * pinned, exclusive) and the {@code period=}/{@code freq=} config terms. Two of those perf applies
 * when perf record configures the event, not while parsing, so perf stat shows them differently:
 * precise_ip=3 for {@code P} ({@link EventModifiers#preciseLevel()} holds the parsed level) and the
 * period/freq terms. Nothing of the tool's own defaults (sample_type, disabled, inherit, mmap, ...)
 * is here: that is the {@code tool} package's job.
 *
 * @param index     position in the {@link EventList}
 * @param name      the evsel name perf reports ({@code cycles:pp}, {@code r1c2}, a {@code name=} term)
 * @param attr      the event part of the attr, see above
 * @param modifiers the modifiers and the evsel flags they set
 * @param group     group membership
 */
public record ParsedEvent(
    int index, String name, PerfEventAttr attr, EventModifiers modifiers, EventGroup group) {

  public boolean leader() {
    return group.leaderIndex() == index;
  }
}
