package org.perfsim.coordinator.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perfsim.api.v1.Session;
import org.perfsim.api.v1.SessionState;
import org.perfsim.coordinator.ApiMessages;
import org.perfsim.coordinator.StoredSessions;
import org.perfsim.coordinator.core.store.SessionJournal;
import org.perfsim.coordinator.core.store.StoredSession;
import org.perfsim.coordinator.store.JdbcSessionStore;

/**
 * A registry over the embedded store, dropped without closing anything (as a killed coordinator drops it) and
 * built again on the same directory: ended sessions come back as the API returned them, a running one as
 * INTERRUPTED with the host results that had arrived, and new sessions get ids never used before.
 */
class SessionRegistryRestartTest {
  private static final SessionRequest REQUEST = new SessionRequest(new SessionRequest.CommandLine("perf stat true"),
      Optional.empty(), OptionalLong.empty(), new SessionRequest.All(true));
  private static final HostResult.Setup SETUP = new HostResult.Setup("ivybridge", "3.6", "6.1", 2);

  @TempDir
  Path dataDir;

  /** Every result written as it arrives (interval zero), so a kill loses none of them. */
  private SessionRegistry registryOver(JdbcSessionStore store) {
    return new SessionRegistry(100, new PageToken(), new StoredSessions(store), Duration.ZERO);
  }

  private static TrackedSession started(SessionRegistry registry) {
    TrackedSession session = registry.create(REQUEST, List.of("host-0", "host-1"), List.of("perf", "stat", "true"),
        "", 1);
    session.record();
    return session;
  }

  @Test
  void afterARestartEndedSessionsAreAsBeforeAndTheRunningOneIsInterruptedWithItsResults() {
    JdbcSessionStore before = JdbcSessionStore.embedded(dataDir);
    SessionRegistry registry = registryOver(before);
    TrackedSession finished = started(registry);
    finished.addResult(HostResult.failed("host-0", new RuntimeException("gone"), SETUP));
    finished.addResult(HostResult.failed("host-1", new RuntimeException("gone"), SETUP));
    TrackedSession running = started(registry);
    running.addResult(HostResult.failed("host-1", new RuntimeException("late"), SETUP));
    byte[] finishedBytes = ApiMessages.session(finished, true).toByteArray();
    byte[] finishedSummary = ApiMessages.session(finished, false).toByteArray();
    Session runningBefore = ApiMessages.session(running, true);
    before.close(); // what a kill -9 leaves: every change was committed as it happened

    try (JdbcSessionStore after = JdbcSessionStore.embedded(dataDir)) {
      SessionRegistry restarted = registryOver(after);

      assertArrayEquals(finishedBytes, ApiMessages.session(restarted.entry(finished.id()).orElseThrow(), true)
          .toByteArray());
      assertArrayEquals(finishedSummary, ApiMessages.session(restarted.entry(finished.id()).orElseThrow(), false)
          .toByteArray());
      Session interrupted = ApiMessages.session(restarted.entry(running.id()).orElseThrow(), true);
      assertEquals(SessionState.SESSION_STATE_INTERRUPTED, interrupted.getSummary().getState());
      assertEquals(runningBefore.getHostResultsList(), interrupted.getHostResultsList());
      assertEquals(1, interrupted.getHostResultsCount());
      assertEquals(runningBefore.toBuilder().setSummary(runningBefore.getSummary().toBuilder()
          .setState(SessionState.SESSION_STATE_INTERRUPTED)).build(), interrupted);
      assertEquals(List.of(running.id(), finished.id()), restarted.list(10, "", s -> true).sessions().stream()
          .map(SessionRegistry.Entry::id).toList());

      TrackedSession next = started(restarted);
      assertTrue(next.sequence() > running.sequence(), next.id() + " after " + running.id());
    }
  }

  @Test
  void whileItsHostsReportARunningSessionIsWrittenAtMostOncePerIntervalAndAlwaysAtItsEnd() {
    List<String> written = new ArrayList<>();
    SessionJournal counting = new SessionJournal() {
      private long next = 1;

      @Override
      public long nextSequence() {
        return next++;
      }

      @Override
      public void record(TrackedSession session) {
        written.add(session.results().size() + " " + session.state());
      }

      @Override
      public List<StoredSession> recover(int limit) {
        return List.of();
      }
    };
    SessionRegistry registry = new SessionRegistry(100, new PageToken(), counting, Duration.ofDays(1));
    TrackedSession session = registry.create(REQUEST, List.of("host-0", "host-1", "host-2"),
        List.of("perf", "stat", "true"), "", 1);
    session.record();
    session.addResult(HostResult.failed("host-0", new RuntimeException("gone"), SETUP));
    session.addResult(HostResult.failed("host-1", new RuntimeException("gone"), SETUP));
    assertEquals(List.of("0 RUNNING"), written, "no write within the interval but the start");
    session.addResult(HostResult.failed("host-2", new RuntimeException("gone"), SETUP));
    assertEquals(List.of("0 RUNNING", "3 FINISHED"), written, "the end is always written");
  }

  @Test
  void anInterruptedSessionCannotBeCancelled() {
    JdbcSessionStore before = JdbcSessionStore.embedded(dataDir);
    String id = started(registryOver(before)).id();
    before.close();
    try (JdbcSessionStore after = JdbcSessionStore.embedded(dataDir)) {
      SessionCoordinator coordinator = new SessionCoordinator(null, null, registryOver(after));
      CoreError refused = org.junit.jupiter.api.Assertions.assertThrows(CoreError.class, () -> coordinator.cancel(id));
      assertEquals(CoreError.Kind.FAILED_PRECONDITION, refused.kind());
      assertEquals("session_id: session " + id + " is already interrupted", refused.getMessage());
    }
  }
}
