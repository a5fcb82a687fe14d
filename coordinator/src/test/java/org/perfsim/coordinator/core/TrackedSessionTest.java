package org.perfsim.coordinator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.perfsim.coordinator.core.SessionSummary.SessionState;
import org.perfsim.session.Outcome;
import org.perfsim.session.SessionResult;

/** A session's bookkeeping: totals over domain host results, listeners, cancel, and the registry's pages. */
class TrackedSessionTest {
  private static final SessionRequest REQUEST = new SessionRequest(new SessionRequest.CommandLine("perf stat true"),
      Optional.empty(), OptionalLong.empty(), new SessionRequest.All(true));
  private static final HostResult.Setup SETUP = new HostResult.Setup("ivybridge", "3.6", "6.1", 2);

  private static SessionRegistry registry() {
    return new SessionRegistry(100, new PageToken());
  }

  private static TrackedSession twoHosts(SessionRegistry registry) {
    return registry.create(REQUEST, List.of("host-0", "host-1"), List.of("perf", "stat", "true"), "", 1);
  }

  @Test
  void theSummaryAddsUpHostsThatRanAndCountsHostsThatFailedApart() {
    TrackedSession session = twoHosts(registry());
    SessionResult refused = SessionResult.refused("host-0", "perf: no", 2);
    session.addResult(HostResult.ran("host-0", "node", refused, SETUP));
    assertEquals(SessionState.RUNNING, session.state());
    session.addResult(HostResult.failed("host-1", new IllegalStateException("gone"), SETUP));
    SessionSummary summary = session.summary();
    assertEquals(SessionState.FINISHED, summary.state());
    assertEquals(2, summary.hostsDone());
    assertEquals(1, summary.hostsFailed());
    assertEquals(Map.of(refused.outcome(), 1), summary.outcomes());
    assertEquals(OptionalLong.empty(), summary.firstPanicNanos());
    assertTrue(summary.endTime().isPresent());
    assertEquals("IllegalStateException: gone", session.results().get(1).nodeError());
    assertTrue(session.done().isDone());
  }

  @Test
  void aLateListenerHearsEveryResultWithItsProgressThenAndTheEndInOrder() {
    TrackedSession session = twoHosts(registry());
    session.addResult(HostResult.failed("host-1", new RuntimeException("x"), SETUP));
    List<String> heard = new ArrayList<>();
    TrackedSession.Listener listener = new TrackedSession.Listener() {
      @Override
      public void hostResult(TrackedSession s, HostResult result, SessionSummary.Progress progress) {
        heard.add(result.hostId() + "@" + progress.hostsDone());
      }

      @Override
      public void finished(TrackedSession s) {
        heard.add("end");
      }
    };
    session.listen(listener);
    assertEquals(List.of("host-1@1"), heard);
    session.addResult(HostResult.failed("host-0", new RuntimeException("y"), SETUP));
    assertEquals(List.of("host-1@1", "host-0@2", "end"), heard);
    assertEquals(List.of(), session.hostsRunning());
  }

  @Test
  void aCancelledSessionEndsCancelledAndCannotBeCancelledTwice() {
    TrackedSession session = twoHosts(registry());
    assertTrue(session.requestCancel());
    assertFalse(session.requestCancel());
    session.addResult(HostResult.failed("host-0", new RuntimeException(), SETUP));
    session.addResult(HostResult.failed("host-1", new RuntimeException(), SETUP));
    assertEquals(SessionState.CANCELLED, session.state());
  }

  @Test
  void sessionPagesRunNewestFirstWithoutGapsOrRepeats() {
    SessionRegistry registry = registry();
    for (int i = 0; i < 5; i++) {
      registry.create(REQUEST, List.of("host-0"), List.of("perf"), "", 1);
    }
    List<String> seen = new ArrayList<>();
    String token = "";
    do {
      SessionRegistry.Page page = registry.list(2, token, s -> true);
      page.sessions().forEach(s -> seen.add(s.id()));
      token = page.nextPageToken();
    } while (!token.isEmpty() && seen.size() < 10);
    assertEquals(List.of("s-5", "s-4", "s-3", "s-2", "s-1"), seen);
    CoreError foreign = assertThrows(CoreError.class, () -> registry().list(2,
        registry.list(2, "", s -> true).nextPageToken(), s -> true));
    assertEquals("page_token", foreign.field());
  }

  @Test
  void pastTheRetainedCountTheOldestFinishedSessionIsForgotten() {
    SessionRegistry registry = new SessionRegistry(1, new PageToken());
    TrackedSession first = registry.create(REQUEST, List.of("host-0"), List.of("perf"), "", 1);
    first.addResult(HostResult.failed("host-0", new RuntimeException(), SETUP));
    TrackedSession second = registry.create(REQUEST, List.of("host-0"), List.of("perf"), "", 1);
    assertEquals(Optional.empty(), registry.get(first.id()));
    assertEquals(Optional.of(second), registry.get(second.id()));
  }

  @Test
  void pastTheRunningSessionLimitANewSessionIsResourceExhaustedUntilOneEnds() {
    SessionRegistry registry = new SessionRegistry(Limits.RETAINED_SESSIONS, new PageToken());
    List<TrackedSession> running = new ArrayList<>();
    for (int i = 0; i < Limits.MAX_RUNNING_SESSIONS; i++) {
      running.add(registry.create(REQUEST, List.of("host-" + i), List.of("perf"), "", 1));
    }
    CoreError full = assertThrows(CoreError.class,
        () -> registry.create(REQUEST, List.of("host-x"), List.of("perf"), "", 1));
    assertEquals(CoreError.Kind.RESOURCE_EXHAUSTED, full.kind());
    assertTrue(full.getMessage().startsWith(Limits.MAX_RUNNING_SESSIONS + " sessions are running"), full.getMessage());
    running.get(0).addResult(HostResult.failed("host-0", new RuntimeException(), SETUP));
    assertEquals(SessionState.RUNNING, registry.create(REQUEST, List.of("host-x"), List.of("perf"), "", 1).state());
  }
}
