package org.perfsim.coordinator.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Every running session and the most recent finished ones, with bounded memory: past {@code maxRetained}
 * sessions the oldest finished ones are forgotten (GetSession then answers NOT_FOUND). Thread-safe.
 */
public final class SessionRegistry {
  private static final String SCOPE = "sessions";
  private final int maxRetained;
  private final PageToken tokens;
  private final LinkedHashMap<String, TrackedSession> sessions = new LinkedHashMap<>();
  private long nextSequence = 1;

  /** A registry whose page tokens are written by {@code tokens} (the server's one scheme). */
  public SessionRegistry(int maxRetained, PageToken tokens) {
    if (maxRetained < 1) {
      throw new IllegalArgumentException("maxRetained must be at least 1, got " + maxRetained);
    }
    this.maxRetained = maxRetained;
    this.tokens = tokens;
  }

  /** Registers a new running session with id {@code s-N}; RESOURCE_EXHAUSTED past {@link Limits#MAX_RUNNING_SESSIONS}. */
  public synchronized TrackedSession create(SessionRequest request, List<String> hostIds, List<String> argv,
      String perfGeneration, long seed) {
    long running = sessions.values().stream().filter(s -> !s.done().isDone()).count();
    if (running >= Limits.MAX_RUNNING_SESSIONS) {
      throw CoreError.exhausted("", running + " sessions are running, the most one server runs at once; "
          + "wait for one to end or cancel one");
    }
    long sequence = nextSequence++;
    TrackedSession session = new TrackedSession(sequence, request,
        new TrackedSession.Started("s-" + sequence, hostIds, argv, perfGeneration, seed, Instant.now()));
    sessions.put(session.id(), session);
    evict();
    return session;
  }

  /** The sessions still running, oldest first. */
  synchronized List<TrackedSession> running() {
    return sessions.values().stream().filter(s -> !s.done().isDone()).toList();
  }

  /** Forgets a session that never started (its hosts could not be claimed). */
  synchronized void forget(TrackedSession session) {
    sessions.remove(session.id());
  }

  private void evict() {
    Iterator<TrackedSession> oldestFirst = sessions.values().iterator();
    while (sessions.size() > maxRetained && oldestFirst.hasNext()) {
      if (oldestFirst.next().done().isDone()) {
        oldestFirst.remove();
      }
    }
  }

  public synchronized Optional<TrackedSession> get(String id) {
    return Optional.ofNullable(sessions.get(id));
  }

  /** One page of the sessions {@code filter} keeps, newest first, and the token of the next page ("" at the end). */
  public synchronized Page list(int pageSize, String pageToken, Predicate<TrackedSession> filter) {
    long before = before(tokens.decode(SCOPE, pageToken));
    List<TrackedSession> newestFirst = new ArrayList<>(sessions.values());
    Collections.reverse(newestFirst);
    List<TrackedSession> page = new ArrayList<>();
    for (TrackedSession s : newestFirst) {
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
  public record Page(List<TrackedSession> sessions, String nextPageToken) {}
}
