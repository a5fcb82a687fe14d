package org.perfsim.vm;

import java.util.List;

/**
 * What a guest tells its host after a batch of writes: where it stands, what happened to it (in time
 * order) and when it will change by itself next ({@link GuestLifecycle#NEVER} if it will not).
 */
public record GuestReport(int guestId, GuestState state, List<GuestEvent> events, long nextChangeAtNanos) {
  public GuestReport {
    events = List.copyOf(events);
  }
}
