package org.perfsim.events;

/**
 * Group membership of one event. An event outside braces is the leader of its own one-event group,
 * as in perf (every evsel has a leader).
 *
 * @param leaderIndex index in the {@link EventList} of the group leader
 * @param size        number of events in the group (1 for an ungrouped event)
 * @param braced      written inside {@code {...}} (also true for a one-event group {@code {cycles}})
 * @param name        the group name of {@code name{a,b}}, empty if none
 */
public record EventGroup(int leaderIndex, int size, boolean braced, String name) {

  static EventGroup alone(int index) {
    return new EventGroup(index, 1, false, "");
  }
}
