package org.perfsim.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.perfsim.coordinator.LoopbackCoordinator.assertContains;
import static org.perfsim.coordinator.LoopbackCoordinator.refused;
import static org.perfsim.coordinator.SessionApiEndToEndTest.describe;
import static org.perfsim.coordinator.SessionApiEndToEndTest.labels;
import static org.perfsim.coordinator.SessionApiEndToEndTest.run;
import static org.perfsim.coordinator.SessionApiEndToEndTest.session;

import io.grpc.Context;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perfsim.api.v1.CancelSessionRequest;
import org.perfsim.api.v1.GetSessionRequest;
import org.perfsim.api.v1.HostIdList;
import org.perfsim.api.v1.HostSelector;
import org.perfsim.api.v1.HostSessionResult;
import org.perfsim.api.v1.ListSessionsRequest;
import org.perfsim.api.v1.ListSessionsResponse;
import org.perfsim.api.v1.ProvisionHostsRequest;
import org.perfsim.api.v1.Session;
import org.perfsim.api.v1.SessionState;
import org.perfsim.api.v1.SessionUpdate;
import org.perfsim.api.v1.SessionView;

/**
 * A session's life in process: cancelled, blocking its hosts meanwhile, outliving a client whose deadline
 * passed, and listed. Runs on the server the fleet and ABI tests share, on hosts of its own labels.
 */
class SessionLifecycleEndToEndTest {
  /** Simulated for far longer than any test waits (~10 s of wall time per 10^4 simulated seconds). */
  static final List<String> LONG_RECORD = List.of("perf", "record", "-e", "cycles", "-a", "--", "sleep", "100000");
  static final List<String> SHORT_RECORD = List.of("perf", "record", "-e", "cycles", "-a", "--", "sleep", "0.01");

  @RegisterExtension
  static final LoopbackCoordinator server = LoopbackCoordinator.inProcess("fleet-abi", 0,
      FleetApiEndToEndTest.MAX_HOSTS);

  private static void provision(String suite, String... ids) {
    server.fleet().provisionHosts(ProvisionHostsRequest.newBuilder().putLabels("suite", suite).setGuestsPerHost(2)
        .setPcpus(2).setIds(HostIdList.newBuilder().addAllIds(List.of(ids))).build());
  }

  /** Starts a long session and returns its id once the server has sent {@code started}. */
  private static String startLong(HostSelector.Builder hosts) {
    Iterator<SessionUpdate> stream = server.sessions().withDeadlineAfter(30, TimeUnit.SECONDS)
        .startSession(session(hosts, LONG_RECORD).build());
    return stream.next().getStarted().getSessionId();
  }

  private static Session cancel(String sessionId) {
    return server.sessions().cancelSession(CancelSessionRequest.newBuilder().setSessionId(sessionId).build());
  }

  private static Session get(String sessionId) {
    return server.sessions().getSession(GetSessionRequest.newBuilder().setSessionId(sessionId)
        .setView(SessionView.SESSION_VIEW_FULL).build());
  }

  @Test
  void cancelStopsPerfOnEveryHostAndFreesThem() {
    provision("cancel", "cancel-a", "cancel-b");
    String id = startLong(labels("suite", "cancel"));
    assertEquals(id, describe(server, "cancel-a").getActiveSessionId());

    Session cancelled = cancel(id);

    assertEquals(SessionState.SESSION_STATE_CANCELLED, cancelled.getSummary().getState());
    assertEquals(2, cancelled.getHostResultsCount());
    for (HostSessionResult r : cancelled.getHostResultsList()) {
      assertTrue(r.getPerfNotesList().contains("perf interrupted: the session was cancelled"), r.toString());
      assertTrue(r.getTimelineList().stream().anyMatch(t -> t.getText().contains("cancelled")), r.toString());
    }
    assertEquals(SessionState.SESSION_STATE_CANCELLED, get(id).getSummary().getState());
    assertEquals("", describe(server, "cancel-b").getActiveSessionId());
    List<SessionUpdate> next = run(server, session(labels("suite", "cancel"), SHORT_RECORD).build());
    assertEquals(SessionState.SESSION_STATE_FINISHED, next.get(next.size() - 1).getFinished().getState());

    LoopbackCoordinator.Refusal again = refused(Status.Code.FAILED_PRECONDITION, () -> cancel(id));
    assertEquals("session_id", again.field());
    assertContains(again.message(), "already cancelled");
    assertEquals("session_id", refused(Status.Code.FAILED_PRECONDITION,
        () -> cancel(next.get(0).getStarted().getSessionId())).field());
    assertEquals("session_id", refused(Status.Code.NOT_FOUND, () -> cancel("s-999999")).field());
  }

  @Test
  void aHostRunningOneSessionRefusesAnother() {
    provision("busy", "busy-a", "busy-b");
    String first = startLong(HostSelector.newBuilder().setIds(HostIdList.newBuilder().addIds("busy-a")));
    try {
      LoopbackCoordinator.Refusal busy = refused(Status.Code.FAILED_PRECONDITION, () -> run(server,
          session(labels("suite", "busy"), SHORT_RECORD).build()));
      assertEquals("hosts", busy.field());
      assertContains(busy.message(), "host 'busy-a' is running session " + first);
      // nothing was claimed by the refused session: the free host still runs one
      List<SessionUpdate> other = run(server, session(HostSelector.newBuilder()
          .setIds(HostIdList.newBuilder().addIds("busy-b")), SHORT_RECORD).build());
      assertEquals(SessionState.SESSION_STATE_FINISHED, other.get(other.size() - 1).getFinished().getState());
    } finally {
      cancel(first);
    }
  }

  @Test
  void aClientThatStopsWatchingEndsTheWatchNotTheSession() throws Exception {
    provision("deadline", "deadline-a");
    // the client's context is cancelled as a passed deadline cancels it, without racing a clock
    Context.CancellableContext watch = Context.current().withCancellation();
    Iterator<SessionUpdate> stream = watch.call(() -> server.sessions()
        .startSession(session(labels("suite", "deadline"), LONG_RECORD).build()));
    String id = stream.next().getStarted().getSessionId();
    try {
      watch.cancel(null);
      refused(Status.Code.CANCELLED, () -> stream.forEachRemaining(update -> { }));

      Session running = get(id);
      assertEquals(SessionState.SESSION_STATE_RUNNING, running.getSummary().getState());
      assertEquals(0, running.getSummary().getHostsDone());
      assertEquals(id, describe(server, "deadline-a").getActiveSessionId());
    } finally {
      assertEquals(SessionState.SESSION_STATE_CANCELLED, cancel(id).getSummary().getState());
    }
  }

  @Test
  void listSessionsPagesNewestFirstAndFiltersByState() {
    provision("listing", "list-a");
    List<String> finished = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      finished.add(run(server, session(labels("suite", "listing"), SHORT_RECORD).build()).get(0).getStarted()
          .getSessionId());
    }
    String cancelled = startLong(labels("suite", "listing"));
    cancel(cancelled);

    List<String> all = new ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      ListSessionsResponse page = server.sessions().listSessions(ListSessionsRequest.newBuilder().setPageSize(1)
          .setPageToken(token).build());
      assertTrue(page.getSessionsCount() <= 1, page.toString());
      page.getSessionsList().forEach(s -> all.add(s.getSessionId()));
      token = page.getNextPageToken();
    } while (!token.isEmpty() && ++pages < 1000);
    assertEquals(all.size(), new HashSet<>(all).size(), "no session twice: " + all);
    assertEquals(List.of(cancelled, finished.get(2), finished.get(1), finished.get(0)), all.subList(0, 4));
    List<String> unpaged = server.sessions().listSessions(ListSessionsRequest.getDefaultInstance())
        .getSessionsList().stream().map(Session::getSessionId).toList();
    assertEquals(unpaged, all);

    List<Session> onlyCancelled = server.sessions().listSessions(ListSessionsRequest.newBuilder()
        .setState(SessionState.SESSION_STATE_CANCELLED).build()).getSessionsList();
    assertTrue(onlyCancelled.stream().anyMatch(s -> s.getSessionId().equals(cancelled)), onlyCancelled.toString());
    assertTrue(onlyCancelled.stream().allMatch(s -> s.getSummary().getState() == SessionState.SESSION_STATE_CANCELLED));
    assertFalse(onlyCancelled.get(0).getRequest().getArgv().getArgsList().isEmpty());

    assertEquals("page_token", refused(Status.Code.INVALID_ARGUMENT, () -> server.sessions().listSessions(
        ListSessionsRequest.newBuilder().setPageToken("bm90LW91cnM").build())).field());
    assertEquals("session_id", refused(Status.Code.NOT_FOUND, () -> get("s-424242")).field());
    assertEquals("session_id", refused(Status.Code.INVALID_ARGUMENT, () -> get("")).field());
  }
}
