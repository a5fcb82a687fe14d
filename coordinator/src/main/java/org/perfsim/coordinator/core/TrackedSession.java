package org.perfsim.coordinator.core;

import java.time.Duration;
import java.util.Set;
import java.util.HashSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.perfsim.coordinator.core.SessionSummary.Progress;
import org.perfsim.coordinator.core.SessionSummary.SessionState;
import org.perfsim.coordinator.core.store.SessionJournal;
import org.perfsim.session.Outcome;
import org.perfsim.session.PanicSpread;
import org.perfsim.session.SessionResult;

/**
 * One session the coordinator runs: what was asked, which hosts, and each host's result as it arrives.
 * Listeners hear every result and the end in order; a listener added late first gets what it missed.
 */
public final class TrackedSession implements SessionRegistry.Entry {

  /** Hears a session's results; called under the session's lock, so it must not block. */
  public interface Listener {
    /** {@code result} arrived; {@code progress} is the session's as of that result (also when replayed). */
    void hostResult(TrackedSession session, HostResult result, Progress progress);

    void finished(TrackedSession session);
  }

  /** What the session is, as it started: its hosts, the command, the perf override ("" if none), the seed. */
  public record Started(String sessionId, List<String> hostIds, List<String> argv, String perfGeneration, long seed,
      Instant startTime) {
    public Started {
      hostIds = List.copyOf(hostIds);
      argv = List.copyOf(argv);
    }
  }

  private final long sequence;
  private final SessionRequest request;
  private final Started started;
  private final SessionJournal journal;
  private final List<HostResult> results = new ArrayList<>();
  /** The hosts in {@code results}: each result is checked against it, so a lookup must not scan the results. */
  private final Set<String> reportedHosts = new HashSet<>();
  /** The progress as of the last result, kept up as results arrive (a fleet's results would make it quadratic). */
  private Progress progress;
  /** {@code System.nanoTime()} of the last journal write while the hosts report. */
  private long journaledNanos;
  private final long journalIntervalNanos;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  /** Results with a perf.data file that arrived before anyone listened, by index into {@code results}. */
  private final java.util.Map<Integer, HostResult> undeliveredFiles = new java.util.HashMap<>();
  private final CompletableFuture<TrackedSession> done = new CompletableFuture<>();
  private boolean cancelRequested;
  private Instant endTime;

  TrackedSession(long sequence, SessionRequest request, Started started, SessionJournal journal,
      Duration journalInterval) {
    this.journalIntervalNanos = journalInterval.toNanos();
    this.sequence = sequence;
    this.request = request;
    this.started = started;
    this.journal = journal;
    this.progress = new Progress(0, started.hostIds().size(), 0, OptionalLong.empty());
  }

  @Override
  public String id() {
    return started.sessionId();
  }

  @Override
  public long sequence() {
    return sequence;
  }

  /** Writes the session, as it is now, to the journal: once its hosts are claimed, then on every change. */
  synchronized void record() {
    journal.record(this);
    journaledNanos = System.nanoTime();
  }

  /** The request as the caller gave it. */
  public SessionRequest request() {
    return request;
  }

  public Started started() {
    return started;
  }

  public List<String> hostIds() {
    return started.hostIds();
  }

  /** Completes once every host reported. */
  public CompletableFuture<TrackedSession> done() {
    return done;
  }

  @Override
  public synchronized SessionState state() {
    if (endTime == null) {
      return SessionState.RUNNING;
    }
    return cancelRequested ? SessionState.CANCELLED : SessionState.FINISHED;
  }

  /** Marks the session cancelled; false when it had already ended or been cancelled. */
  synchronized boolean requestCancel() {
    if (endTime != null || cancelRequested) {
      return false;
    }
    cancelRequested = true;
    return true;
  }

  /** True once a cancel was asked for. */
  synchronized boolean cancelRequested() {
    return cancelRequested;
  }

  /** True once {@code hostId} reported (or was marked unreachable). */
  synchronized boolean reported(String hostId) {
    return reportedHosts.contains(hostId);
  }

  /** The hosts that have not reported yet. */
  synchronized List<String> hostsRunning() {
    return hostIds().stream().filter(h -> !reportedHosts.contains(h)).toList();
  }

  /**
   * Records one host's result; the last one ends the session. Its perf.data file goes to the listeners of the
   * moment or, when none listens yet (the starting call attaches just after the hosts started), to the first
   * one that does; then the file is dropped: the history keeps results, not files.
   */
  void addResult(HostResult result) {
    synchronized (this) {
      if (!reportedHosts.add(result.hostId())) {
        // the first answer counts: a host marked unreachable when its node was lost may still answer later
        return;
      }
      results.add(result.withoutPerfData());
      if (listeners.isEmpty() && result.perfData().isPresent()) {
        undeliveredFiles.put(results.size() - 1, result);
      }
      progress = progress.with(result);
      Progress now = progress;
      boolean last = results.size() == hostIds().size();
      // written at most once per interval before the end: a crash loses at most the last interval's results
      // (the session is then INTERRUPTED anyway); the end is always written
      if (!last && System.nanoTime() - journaledNanos >= journalIntervalNanos) {
        record();
      }
      listeners.forEach(l -> l.hostResult(this, result, now));
      if (!last) {
        return;
      }
      endTime = Instant.now();
      journal.record(this);
      listeners.forEach(l -> l.finished(this));
      listeners.clear();
    }
    done.complete(this);
  }

  /** Adds a listener, first replaying the results so far (and the end, if it came). */
  public synchronized void listen(Listener listener) {
    Progress replayed = new Progress(0, hostIds().size(), 0, OptionalLong.empty());
    for (int i = 0; i < results.size(); i++) {
      replayed = replayed.with(results.get(i));
      listener.hostResult(this, undeliveredFiles.getOrDefault(i, results.get(i)), replayed);
    }
    undeliveredFiles.clear();
    if (endTime != null) {
      listener.finished(this);
    } else {
      listeners.add(listener);
    }
  }

  public void unlisten(Listener listener) {
    listeners.remove(listener);
  }

  /** Every host's result so far, in arrival order. */
  public synchronized List<HostResult> results() {
    return List.copyOf(results);
  }

  public synchronized Progress progress() {
    return progress;
  }

  /** Totals over the hosts that reported. */
  public synchronized SessionSummary summary() {
    Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    int failed = 0;
    int guestsHit = 0;
    int guestsPanicked = 0;
    long samplesHost = 0;
    long samplesGuest = 0;
    long bytes = 0;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (HostResult host : results) {
      if (host.result().isEmpty()) {
        failed++;
        continue;
      }
      SessionResult r = host.result().get();
      outcomes.merge(r.outcome(), 1, Integer::sum);
      guestsHit += r.guestsHit();
      guestsPanicked += r.panics().size();
      samplesHost += r.hostSamples();
      samplesGuest += r.totalGuestSamples();
      bytes += r.pebsBytesIntoGuests();
      if (r.firstPanicNanos() >= 0) {
        first = Math.min(first, r.firstPanicNanos());
        last = Math.max(last, r.lastPanicNanos());
      }
    }
    boolean panics = first != Long.MAX_VALUE;
    return new SessionSummary(id(), state(), results.size(), hostIds().size(), failed, outcomes, guestsHit,
        guestsPanicked, samplesHost, samplesGuest, bytes, panics ? OptionalLong.of(first) : OptionalLong.empty(),
        panics ? OptionalLong.of(last) : OptionalLong.empty(), started.startTime(), Optional.ofNullable(endTime),
        PanicSpread.ofFirstPanics(results.stream().flatMap(h -> h.result().stream())
            .mapToLong(SessionResult::firstPanicNanos).filter(n -> n >= 0).toArray()));
  }
}
