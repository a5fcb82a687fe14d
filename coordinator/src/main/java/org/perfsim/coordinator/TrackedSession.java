package org.perfsim.coordinator;

import com.google.protobuf.Duration;
import com.google.protobuf.util.Durations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.perfsim.api.v1.HostSessionResult;
import org.perfsim.api.v1.Outcome;
import org.perfsim.api.v1.OutcomeCount;
import org.perfsim.api.v1.Session;
import org.perfsim.api.v1.SessionProgress;
import org.perfsim.api.v1.SessionStarted;
import org.perfsim.api.v1.SessionState;
import org.perfsim.api.v1.SessionSummary;
import org.perfsim.api.v1.StartSessionRequest;

/**
 * One session the coordinator runs: what was asked, which hosts, and each host's result as it arrives.
 * Listeners hear every result and the end in order; a listener added late first gets what it missed.
 */
public final class TrackedSession {

  /** Hears a session's results; called under the session's lock, so it must not block. */
  public interface Listener {
    void hostResult(TrackedSession session, HostSessionResult result);

    void finished(TrackedSession session);
  }

  private final String id;
  private final long sequence;
  private final StartSessionRequest request;
  private final SessionStarted started;
  private final Instant startTime;
  private final List<HostSessionResult> results = new ArrayList<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final CompletableFuture<TrackedSession> done = new CompletableFuture<>();
  private boolean cancelRequested;
  private Instant endTime;

  TrackedSession(String id, long sequence, StartSessionRequest request, List<String> hostIds, List<String> argv,
      String perfGeneration, long seed, Instant startTime) {
    this.id = id;
    this.sequence = sequence;
    this.request = request;
    this.startTime = startTime;
    this.started = SessionStarted.newBuilder().setSessionId(id).addAllHostIds(hostIds)
        .setHostsSelected(hostIds.size()).addAllArgv(argv).setPerfGeneration(perfGeneration).setSeed(seed)
        .setStartTime(ApiMessages.timestamp(startTime)).build();
  }

  public String id() {
    return id;
  }

  long sequence() {
    return sequence;
  }

  public SessionStarted started() {
    return started;
  }

  public List<String> hostIds() {
    return started.getHostIdsList();
  }

  /** Completes once every host reported. */
  public CompletableFuture<TrackedSession> done() {
    return done;
  }

  public synchronized SessionState state() {
    if (endTime == null) {
      return SessionState.SESSION_STATE_RUNNING;
    }
    return cancelRequested ? SessionState.SESSION_STATE_CANCELLED : SessionState.SESSION_STATE_FINISHED;
  }

  /** Marks the session cancelled; false when it had already ended or been cancelled. */
  synchronized boolean requestCancel() {
    if (endTime != null || cancelRequested) {
      return false;
    }
    cancelRequested = true;
    return true;
  }

  /** The hosts that have not reported yet. */
  synchronized List<String> hostsRunning() {
    List<String> running = new ArrayList<>(hostIds());
    results.forEach(r -> running.remove(r.getHostId()));
    return running;
  }

  /** Records one host's result; the last one ends the session. */
  void addResult(HostSessionResult result) {
    synchronized (this) {
      results.add(result);
      listeners.forEach(l -> l.hostResult(this, result));
      if (results.size() < hostIds().size()) {
        return;
      }
      endTime = Instant.now();
      listeners.forEach(l -> l.finished(this));
      listeners.clear();
    }
    done.complete(this);
  }

  /** Adds a listener, first replaying the results so far (and the end, if it came). */
  public synchronized void listen(Listener listener) {
    results.forEach(r -> listener.hostResult(this, r));
    if (endTime != null) {
      listener.finished(this);
    } else {
      listeners.add(listener);
    }
  }

  public void unlisten(Listener listener) {
    listeners.remove(listener);
  }

  public synchronized SessionProgress progress() {
    int panicked = results.stream().mapToInt(HostSessionResult::getGuestsPanickedCount).sum();
    SessionProgress.Builder b = SessionProgress.newBuilder().setHostsDone(results.size())
        .setHostsTotal(hostIds().size()).setGuestsPanicked(panicked);
    // a host's timeline ends where its perf ended, so the longest one is how far the hosts done got
    results.stream().filter(r -> r.getTimelineCount() > 0).map(r -> r.getTimeline(r.getTimelineCount() - 1).getTime())
        .max(Durations.comparator()).ifPresent(b::setSimulatedTime);
    return b.build();
  }

  /** Totals over the hosts that reported. */
  public synchronized SessionSummary summary() {
    SessionSummary.Builder s = SessionSummary.newBuilder().setSessionId(id).setState(state())
        .setHostsDone(results.size()).setHostsTotal(hostIds().size())
        .setStartTime(ApiMessages.timestamp(startTime));
    Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    Duration first = null;
    Duration last = null;
    long samplesGuest = 0;
    for (HostSessionResult r : results) {
      if (!r.getNodeError().isEmpty()) {
        s.setHostsFailed(s.getHostsFailed() + 1);
        continue;
      }
      outcomes.merge(r.getOutcome(), 1, Integer::sum);
      s.setGuestsHit(s.getGuestsHit() + r.getGuestsHit())
          .setGuestsPanicked(s.getGuestsPanicked() + r.getGuestsPanickedCount())
          .setSamplesHost(s.getSamplesHost() + r.getSamplesHost())
          .setBytesWrittenIntoGuests(s.getBytesWrittenIntoGuests() + r.getBytesWrittenIntoGuests());
      samplesGuest += r.getSamplesPerGuestMap().values().stream().mapToLong(Long::longValue).sum();
      if (r.hasFirstPanicTime()) {
        first = first == null || Durations.compare(r.getFirstPanicTime(), first) < 0 ? r.getFirstPanicTime() : first;
        last = last == null || Durations.compare(r.getLastPanicTime(), last) > 0 ? r.getLastPanicTime() : last;
      }
    }
    outcomes.forEach((o, n) -> s.addOutcomes(OutcomeCount.newBuilder().setOutcome(o).setHosts(n)));
    ApiMessages.firstPanicSpread(results).ifPresent(s::setFirstPanicSpread);
    s.setSamplesGuest(samplesGuest);
    if (first != null) {
      s.setFirstPanicTime(first).setLastPanicTime(last);
    }
    if (endTime != null) {
      s.setEndTime(ApiMessages.timestamp(endTime));
    }
    return s.build();
  }

  /** The session as GetSession returns it; {@code full} adds every host's result. */
  public synchronized Session view(boolean full) {
    Session.Builder b = Session.newBuilder().setSessionId(id).setRequest(request).addAllHostIds(hostIds())
        .setSummary(summary());
    if (full) {
      b.addAllHostResults(results);
    }
    return b.build();
  }
}
