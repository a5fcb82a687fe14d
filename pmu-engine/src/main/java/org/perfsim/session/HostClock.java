package org.perfsim.session;

import java.util.List;
import org.perfsim.vm.GuestReport;

/**
 * Where a session starts in its host's life: the host's simulated clock, how long the workload runs, the
 * step between exchanges with the guests, and what the guests last said (a guest that panicked in an
 * earlier session is not scheduled in this one).
 */
record HostClock(long startNanos, long durationNanos, long stepNanos, List<GuestReport> guestsNow) {
  HostClock {
    if (startNanos % RunningSession.SLICE_NANOS != 0) {
      throw new IllegalArgumentException("a session starts on a slice boundary, not at " + startNanos + " ns");
    }
    guestsNow = List.copyOf(guestsNow);
  }
}
