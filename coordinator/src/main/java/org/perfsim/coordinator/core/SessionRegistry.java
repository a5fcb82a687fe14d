package org.perfsim.coordinator.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.perfsim.coordinator.core.store.SessionJournal;
import org.perfsim.coordinator.core.store.StoredSession;

/**
 * Every running session and the most recent ended ones, with bounded memory: past {@code maxRetained}
 * sessions the oldest ended ones are forgotten (GetSession then answers NOT_FOUND). Its journal keeps them
 * beyond the process: at start the registry holds the newest sessions of earlier runs. Thread-safe.
 */
public final class SessionRegistry {
  private static final String SCOPE = "sessions";
  private final int maxRetained;
  private final PageToken tokens;
  private final SessionJournal journal;
  private final Duration journalInterval;
  /** In sequence order: earlier runs' sessions first, as recovered, then this run's. */
  private final LinkedHashMap<String, Entry> sessions = new LinkedHashMap<>();

  /** A session the registry lists: one this run tracks, or one of an earlier run. */
  public sealed interface Entry permits TrackedSession, Past {
    /** The session's place in the history: a later session has a higher one. */
    long sequence();

    String id();

    SessionSummary.SessionState state();
  }

  /** A session of an earlier run, as the store gave it back; it never changes again. */
  public record Past(StoredSession stored) implements Entry {
    @Override
    public long sequence() {
      return stored.sequence();
    }

    @Override
    public String id() {
      return stored.sessionId();
    }

    @Override
    public SessionSummary.SessionState state() {
      return stored.state();
    }
  }

  /** A registry whose page tokens are written by {@code tokens} (the server's one scheme); memory only. */
  public SessionRegistry(int maxRetained, PageToken tokens) {
    this(maxRetained, tokens, SessionJournal.memoryOnly());
  }

  /** A registry whose sessions {@code journal} keeps, starting with the newest ones it recovers. */
  public SessionRegistry(int maxRetained, PageToken tokens, SessionJournal journal) {
    this(maxRetained, tokens, journal, Defaults.SESSION_JOURNAL_INTERVAL);
  }

  /**
   * As above; a running session is written to {@code journal} at most once per {@code journalInterval} while its
   * hosts report (zero: on every result), always when it starts and ends.
   */
  public SessionRegistry(int maxRetained, PageToken tokens, SessionJournal journal, Duration journalInterval) {
    if (maxRetained < 1) {
      throw new IllegalArgumentException("maxRetained must be at least 1, got " + maxRetained);
    }
    this.maxRetained = maxRetained;
    this.tokens = tokens;
    this.journal = journal;
    this.journalInterval = journalInterval;
    journal.recover(maxRetained).forEach(s -> sessions.put(s.sessionId(), new Past(s)));
  }

  /** Registers a new running session with id {@code s-N}; RESOURCE_EXHAUSTED past {@link Limits#MAX_RUNNING_SESSIONS}. */
  public synchronized TrackedSession create(SessionRequest request, List<String> hostIds, List<String> argv,
      String perfGeneration, long seed) {
    long running = sessions.values().stream().filter(s -> !ended(s)).count();
    if (running >= Limits.MAX_RUNNING_SESSIONS) {
      throw CoreError.exhausted("", running + " sessions are running, the most one server runs at once; "
          + "wait for one to end or cancel one");
    }
    long sequence = journal.nextSequence();
    TrackedSession session = new TrackedSession(sequence, request,
        new TrackedSession.Started("s-" + sequence, hostIds, argv, perfGeneration, seed, Instant.now()), journal,
        journalInterval);
    sessions.put(session.id(), session);
    evict();
    return session;
  }

  /** The sessions still running, oldest first. */
  synchronized List<TrackedSession> running() {
    return sessions.values().stream().filter(e -> e instanceof TrackedSession t && !t.done().isDone())
        .map(TrackedSession.class::cast).toList();
  }

  /** Forgets a session that never started (its hosts could not be claimed). */
  synchronized void forget(TrackedSession session) {
    sessions.remove(session.id());
  }

  private void evict() {
    Iterator<Entry> oldestFirst = sessions.values().iterator();
    while (sessions.size() > maxRetained && oldestFirst.hasNext()) {
      if (ended(oldestFirst.next())) {
        oldestFirst.remove();
      }
    }
  }

  private static boolean ended(Entry entry) {
    return !(entry instanceof TrackedSession tracked) || tracked.done().isDone();
  }

  /** The session {@code id} if this run tracks it. */
  public synchronized Optional<TrackedSession> get(String id) {
    return sessions.get(id) instanceof TrackedSession tracked ? Optional.of(tracked) : Optional.empty();
  }

  /** The session {@code id}, of this run or an earlier one. */
  public synchronized Optional<Entry> entry(String id) {
    return Optional.ofNullable(sessions.get(id));
  }

  /** One page of the sessions {@code filter} keeps, newest first, and the token of the next page ("" at the end). */
  public synchronized Page list(int pageSize, String pageToken, Predicate<Entry> filter) {
    long before = before(tokens.decode(SCOPE, pageToken));
    List<Entry> newestFirst = new ArrayList<>(sessions.values());
    Collections.reverse(newestFirst);
    List<Entry> page = new ArrayList<>();
    for (Entry s : newestFirst) {
      if (s.sequence() >= before || !filter.test(s)) {
        continue;
      }
      if (page.size() == pageSize) {
        return new Page(page, tokens.encode(SCOPE, Long.toString(page.get(page.size() - 1).sequence())));
      }
      page.add(s);
    }
    return new Page(page, "");
  }

  private static long before(String lastSequence) {
    if (lastSequence.isEmpty()) {
      return Long.MAX_VALUE;
    }
    try {
      return Long.parseLong(lastSequence);
    } catch (NumberFormatException e) {
      throw CoreError.invalid("page_token", "not a token from this server for this listing");
    }
  }

  /** A page of sessions. */
  public record Page(List<Entry> sessions, String nextPageToken) {}
}
