package org.perfsim.coordinator.core;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.perfsim.session.Outcome;
import org.perfsim.session.PanicSpread;

/**
 * A session's totals over the hosts that reported (hosts that failed to run it count only in
 * {@code hostsFailed}); panic times are simulated nanoseconds; {@code firstPanicSpread} spreads the hosts' first
 * panics (min, median, p99, max), empty when no guest panicked.
 */
public record SessionSummary(String sessionId, SessionState state, int hostsDone, int hostsTotal, int hostsFailed,
    Map<Outcome, Integer> outcomes, int guestsHit, int guestsPanicked, long samplesHost, long samplesGuest,
    long bytesWrittenIntoGuests, OptionalLong firstPanicNanos, OptionalLong lastPanicNanos, Instant startTime,
    Optional<Instant> endTime, Optional<PanicSpread> firstPanicSpread) {

  /**
   * Where a session is in its life; INTERRUPTED: the coordinator stopped while it ran, and a restarted one read
   * it back from the store (it never resumes).
   */
  public enum SessionState { RUNNING, FINISHED, CANCELLED, INTERRUPTED }

  /**
   * How far a running session got: hosts done, guests panicked so far, and the simulated time the hosts done
   * reached (empty before any host's timeline has an entry).
   */
  public record Progress(int hostsDone, int hostsTotal, int guestsPanicked, OptionalLong simulatedNanos) {
    /** The progress once {@code next} arrived too. */
    public Progress with(HostResult next) {
      // a host's timeline ends where its perf ended, so the longest one is how far the hosts done got
      Optional<Long> end = next.result().filter(r -> !r.timeline().isEmpty())
          .map(r -> r.timeline().get(r.timeline().size() - 1).atNanos());
      OptionalLong reached = end.isEmpty() ? simulatedNanos
          : OptionalLong.of(Math.max(end.get(), simulatedNanos.orElse(Long.MIN_VALUE)));
      return new Progress(hostsDone + 1, hostsTotal, guestsPanicked + next.guestsPanicked(), reached);
    }
  }
}
