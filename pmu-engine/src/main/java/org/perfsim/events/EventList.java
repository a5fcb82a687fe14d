package org.perfsim.events;

import java.util.List;

/** The events of one {@code -e} argument, in perf's evlist order. */
public record EventList(List<ParsedEvent> events) {

  public EventList {
    events = List.copyOf(events);
  }

  public int size() {
    return events.size();
  }

  public ParsedEvent get(int index) {
    return events.get(index);
  }

  public ParsedEvent first() {
    return events.get(0);
  }
}
