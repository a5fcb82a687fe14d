package org.perfsim.session;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.perfsim.vm.PanicCause;
import org.perfsim.abi.Errno;

/**
 * What one perf session on one host came to.
 *
 * @param exitStatus perf's exit status (0 on success)
 * @param perfMessage what perf printed at the end: its error text, or a summary line
 * @param eventName the first user event as finally opened (a fallback may rename it: {@code cycles:ppH})
 * @param guestSamples samples taken while each guest ran, by guest id
 * @param guestsHit guests that received at least one PEBS write
 * @param firstPanicNanos / lastPanicNanos from session start, -1 when no guest panicked
 * @param samplesByMode the samples split by the mode they were taken in (host/guest, user/kernel)
 * @param pebsBytesIntoGuests / pebsRecordsIntoGuests what the PEBS assist wrote into guest memory (records and
 *     DS index updates, all guests): never samples perf received, which are {@code guestSamples}
 * @param explanation why the outcome is what it is
 */
public record SessionResult(String hostId, Outcome outcome, int exitStatus, String perfMessage, String eventName,
    Optional<Errno> errno, int precisionUsed, boolean countsGuest, List<String> perfNotes, long hostSamples,
    Map<Integer, Long> guestSamples, int guestsHit, List<GuestPanic> panics, long firstPanicNanos,
    long lastPanicNanos, long pebsBytesIntoGuests, long pebsRecordsIntoGuests, List<TimelineEvent> timeline,
    ModeSamples samplesByMode, Explanation explanation) {

  /** A guest that panicked, when, why, and what it came from. */
  public record GuestPanic(int guestId, long atNanos, String reason, PanicCause cause) {}

  /** One entry of the session's timeline, at simulated time from session start. */
  public record TimelineEvent(long atNanos, String what) {}

  public SessionResult {
    perfNotes = List.copyOf(perfNotes);
    guestSamples = Map.copyOf(guestSamples);
    panics = List.copyOf(panics);
    timeline = List.copyOf(timeline);
  }

  /** perf never ran its events: {@code text} says why (perf's usage error, or the host's). */
  public static SessionResult refused(String hostId, String text, int exitStatus) {
    return new SessionResult(hostId, Outcome.OTHER_ERRNO, exitStatus, text, "", Optional.empty(), 0, false,
        List.of(), 0, Map.of(), 0, List.of(), -1, -1, 0, 0, List.of(new TimelineEvent(0, "refused: " + text)),
        ModeSamples.NONE, Explanation.usageError(text));
  }

  /** The same result as reported by another host (for comparing hosts that ran the same session). */
  public SessionResult withHostId(String otherHostId) {
    return new SessionResult(otherHostId, outcome, exitStatus, perfMessage, eventName, errno, precisionUsed,
        countsGuest, perfNotes, hostSamples, guestSamples, guestsHit, panics, firstPanicNanos, lastPanicNanos,
        pebsBytesIntoGuests, pebsRecordsIntoGuests, timeline, samplesByMode, explanation);
  }

  /** The same result with {@code note} added to perf's notes and, at {@code atNanos}, to the timeline. */
  public SessionResult withNote(long atNanos, String note) {
    List<String> notes = new java.util.ArrayList<>(perfNotes);
    notes.add(note);
    List<TimelineEvent> events = new java.util.ArrayList<>(timeline);
    events.add(new TimelineEvent(atNanos, note));
    return new SessionResult(hostId, outcome, exitStatus, perfMessage, eventName, errno, precisionUsed,
        countsGuest, notes, hostSamples, guestSamples, guestsHit, panics, firstPanicNanos, lastPanicNanos,
        pebsBytesIntoGuests, pebsRecordsIntoGuests, events, samplesByMode, explanation);
  }

  public long totalGuestSamples() {
    return guestSamples.values().stream().mapToLong(Long::longValue).sum();
  }
}
