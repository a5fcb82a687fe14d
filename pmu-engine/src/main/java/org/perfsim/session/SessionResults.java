package org.perfsim.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.perfsim.pmu.GuestPhysicalWrite;
import org.perfsim.pmu.PmuSink;
import org.perfsim.pmu.Ring;
import org.perfsim.tool.PerfOpenLoop;
import org.perfsim.vm.GuestEvent;

/** How a session's result comes together: refused ones at once, running ones tallied step by step. */
final class SessionResults {

  private SessionResults() {}

  /** The last of {@code opened} failed; perf printed the messages of every attempt and gave up. */
  static SessionResult openFailed(String hostId, List<PerfOpenLoop.Result> opened) {
    PerfOpenLoop.Result failed = opened.get(opened.size() - 1);
    List<String> notes = opened.stream().flatMap(o -> o.messages().stream()).toList();
    List<SessionResult.TimelineEvent> timeline = new ArrayList<>();
    notes.forEach(m -> timeline.add(new SessionResult.TimelineEvent(0, "perf: " + m)));
    timeline.add(new SessionResult.TimelineEvent(0, "perf_event_open failed: " + failed.errno().orElseThrow()));
    Outcome outcome = Outcome.ofErrno(failed.errno().orElseThrow());
    return new SessionResult(hostId, outcome, 255, failed.errorText(), failed.event().name(), failed.errno(), 0,
        false, notes, 0, Map.of(), 0, List.of(), -1, -1, 0, 0, timeline, ModeSamples.NONE,
        Explanations.openFailed(failed, outcome));
  }

  /** A running session's counts, guest by guest; allocation-free on the per-sample path. */
  static final class Tally {
    private final HostSpec spec;
    private final PerfOpenLoop.Result firstEvent;
    private final List<String> notes;
    private final long[] guestSamples;
    private final boolean[] hit;
    private final List<SessionResult.GuestPanic> panics = new ArrayList<>();
    private final List<SessionResult.TimelineEvent> timeline = new ArrayList<>();
    private final long startNanos;
    private long hostSamples;
    private final long[] byMode = new long[4]; // host user, host kernel, guest user, guest kernel
    private long bytesIntoGuests;
    private long recordsIntoGuests;

    /** Tallies a session that starts at host time {@code startNanos}; its result counts from there. */
    Tally(HostSpec spec, List<PerfOpenLoop.Result> opened, long startNanos) {
      this.spec = spec;
      this.startNanos = startNanos;
      this.firstEvent = opened.isEmpty() ? null : opened.get(0);
      this.notes = opened.stream().flatMap(o -> o.messages().stream()).toList();
      this.guestSamples = new long[spec.guests().size()];
      this.hit = new boolean[spec.guests().size()];
    }

    void timeline(long atHostNanos, String what) {
      timeline.add(new SessionResult.TimelineEvent(atHostNanos - startNanos, what));
    }

    /** A non-precise sample (counter-overflow PMI) taken in {@code guestId}'s context at {@code ring}. */
    void sample(int guestId, Ring ring) {
      if (guestId == PmuSink.HOST) {
        hostSamples++;
      } else {
        guestSamples[guestId]++;
      }
      byMode[(guestId == PmuSink.HOST ? 0 : 2) + (ring == Ring.USER ? 0 : 1)]++;
    }

    /** Host-context PEBS records produced at {@code ring} (they reach perf when the buffer is drained). */
    void hostRecords(Ring ring, long records) {
      byMode[ring == Ring.USER ? 0 : 1] += records;
    }

    void hostSamples(long records) {
      hostSamples += records;
    }

    void guestWrite(GuestPhysicalWrite write) {
      int g = write.guestId();
      bytesIntoGuests += write.length();
      if (write.kind() == GuestPhysicalWrite.Kind.RECORD) {
        recordsIntoGuests++;
      }
      if (!hit[g]) {
        hit[g] = true;
        timeline(write.simTimeNanos(), String.format("guest %d: first PEBS write lands at gpa 0x%x", g,
            write.guestPhysicalAddress()));
      }
    }

    void guestEvent(GuestEvent event) {
      if (event.kind() == GuestEvent.Kind.PANICKED) {
        panics.add(new SessionResult.GuestPanic(event.guestId(), event.atNanos() - startNanos, event.detail(),
            event.cause()));
      }
      timeline(event.atNanos(), "guest " + event.guestId() + " " + event.kind().word() + ": " + event.detail());
    }

    /**
     * The result at host time {@code endNanos}; {@code allGuestsDown}: the host's guests were all down throughout;
     * perf's closing text is {@code statText} for perf stat, else record's summary line; {@code failure}: an MSR
     * the CPU refused, which ends the session as an {@code error} naming it.
     */
    SessionResult finish(long endNanos, boolean allGuestsDown, Optional<String> statText, Optional<String> failure) {
      boolean countsGuest = firstEvent != null && !firstEvent.opened().isEmpty()
          && firstEvent.opened().get(0).event().countsGuest();
      int precise = firstEvent == null ? 0 : firstEvent.preciseUsed();
      int guestsPanicked = new TreeSet<>(panics.stream().map(SessionResult.GuestPanic::guestId).toList()).size();
      boolean preciseHostOnly = !spec.kernel().preciseSamplesFromGuests(spec.cpu());
      Outcome outcome = failure.isPresent() ? Outcome.OTHER_ERRNO
          : Outcome.ofRunningSession(guestsPanicked, precise, countsGuest, preciseHostOnly,
              allGuestsDown && guestSamples.length > 0);
      Map<Integer, Long> bySample = new TreeMap<>();
      int hitCount = 0;
      for (int g = 0; g < guestSamples.length; g++) {
        bySample.put(g, guestSamples[g]);
        hitCount += hit[g] ? 1 : 0;
      }
      List<SessionResult.GuestPanic> byTime = new ArrayList<>(panics);
      byTime.sort(java.util.Comparator.comparingLong(SessionResult.GuestPanic::atNanos)
          .thenComparingInt(SessionResult.GuestPanic::guestId));
      long first = byTime.isEmpty() ? -1 : byTime.get(0).atNanos();
      long last = byTime.isEmpty() ? -1 : byTime.get(byTime.size() - 1).atNanos();
      List<SessionResult.TimelineEvent> ordered = new ArrayList<>(timeline);
      ordered.sort(java.util.Comparator.comparingLong(SessionResult.TimelineEvent::atNanos)); // stable
      ordered.add(new SessionResult.TimelineEvent(endNanos - startNanos, "session ended: " + hostSamples
          + " host samples, " + guestsPanicked + " of " + guestSamples.length + " guests panicked"));
      String message = failure.map(f -> "perfsim: MSR access refused, session stopped: " + f)
          .orElseGet(() -> statText.orElseGet(
              () -> String.format("[ perf record: Captured and wrote %d samples ]", hostSamples)));
      return new SessionResult(spec.hostId(), outcome, failure.isPresent() ? 1 : 0, message,
          firstEvent == null ? "" : firstEvent.event().name(), Optional.empty(), precise, countsGuest, notes,
          hostSamples, bySample, hitCount, byTime, first, last, bytesIntoGuests, recordsIntoGuests, ordered,
          new ModeSamples(byMode[0], byMode[1], byMode[2], byMode[3]),
          explain(outcome, hitCount, guestsPanicked, byTime));
    }

    private Explanation explain(Outcome outcome, int hitCount, int guestsPanicked,
        List<SessionResult.GuestPanic> byTime) {
      if (firstEvent == null || firstEvent.opened().isEmpty()) {
        return new Explanation("", Optional.empty(), Optional.empty(), "", false, false, false, notes,
            "perf opened no event of its own");
      }
      return Explanations.ran(spec, firstEvent, outcome, new Explanations.RunFacts(recordsIntoGuests, bytesIntoGuests,
          hitCount, guestsPanicked, byTime.stream().findFirst().map(p -> "guest " + p.guestId() + ": " + p.reason())));
    }
  }
}
