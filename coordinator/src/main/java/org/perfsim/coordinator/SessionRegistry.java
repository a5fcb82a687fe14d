package org.perfsim.coordinator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.perfsim.api.v1.StartSessionRequest;

/**
 * Every running session and the most recent finished ones, with bounded memory: past {@code maxRetained}
 * sessions the oldest finished ones are forgotten (GetSession then answers NOT_FOUND). Thread-safe.
 */
public final class SessionRegistry {
  private final int maxRetained;
  /** Page tokens carry this, so a token from another server (or an earlier run) is recognised. */
  private final String instance = UUID.randomUUID().toString().substring(0, 8);
  private final LinkedHashMap<String, TrackedSession> sessions = new LinkedHashMap<>();
  private long nextSequence = 1;

  public SessionRegistry(int maxRetained) {
    if (maxRetained < 1) {
      throw new IllegalArgumentException("maxRetained must be at least 1, got " + maxRetained);
    }
    this.maxRetained = maxRetained;
  }

  /** Registers a new running session with id {@code s-N}. */
  public synchronized TrackedSession create(StartSessionRequest request, List<String> hostIds, List<String> argv,
      String perfGeneration, long seed) {
    long sequence = nextSequence++;
    TrackedSession session = new TrackedSession("s-" + sequence, sequence, request, hostIds, argv, perfGeneration,
        seed, Instant.now());
    sessions.put(session.id(), session);
    evict();
    return session;
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
    long before = pageToken.isEmpty() ? Long.MAX_VALUE : decode(pageToken);
    List<TrackedSession> newestFirst = new ArrayList<>(sessions.values());
    java.util.Collections.reverse(newestFirst);
    List<TrackedSession> page = new ArrayList<>();
    for (TrackedSession s : newestFirst) {
      if (s.sequence() >= before || !filter.test(s)) {
        continue;
      }
      if (page.size() == pageSize) {
        return new Page(page, encode(page.get(page.size() - 1).sequence()));
      }
      page.add(s);
    }
    return new Page(page, "");
  }

  /** A page of sessions. */
  public record Page(List<TrackedSession> sessions, String nextPageToken) {}

  private String encode(long sequence) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((instance + ":" + sequence).getBytes(StandardCharsets.UTF_8));
  }

  private long decode(String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (text.startsWith(instance + ":")) {
        return Long.parseLong(text.substring(instance.length() + 1));
      }
    } catch (IllegalArgumentException e) {
      // falls through to the error below: the token is not one this server wrote
    }
    throw ApiError.invalid("page_token", "not a token from this server: '" + token + "'");
  }
}
