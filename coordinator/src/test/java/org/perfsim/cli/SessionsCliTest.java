package org.perfsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.perfsim.coordinator.LoopbackCoordinator.assertContains;

import com.google.protobuf.util.JsonFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perfsim.api.v1.GetSessionRequest;
import org.perfsim.api.v1.ListSessionsResponse;
import org.perfsim.api.v1.Session;
import org.perfsim.api.v1.SessionState;
import org.perfsim.coordinator.LoopbackCoordinator;

/**
 * {@code perfsim sessions list|get|cancel} and how {@code run} names its session, against {@code perfsim
 * serve} (4 hosts x 2 guests). Each test uses its own hosts, so a session one leaves running never makes
 * another's host refuse.
 */
class SessionsCliTest {
  /** A session that runs until cancelled: a hundred thousand simulated seconds. */
  static final String[] LONG_RECORD = {"--", "perf", "record", "-e", "cycles", "-a", "--", "sleep", "100000"};

  @RegisterExtension
  static final LoopbackCoordinator server = LoopbackCoordinator.perClass("--hosts", "4", "--guests", "2",
      "--pcpus", "2");

  static String[] with(String[] head, String... tail) {
    String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }

  /** The id {@code run} printed on its first line. */
  static String firstLineSessionId(String out) {
    Matcher m = Pattern.compile("session (s-\\d+)").matcher(out.lines().findFirst().orElse(""));
    assertTrue(m.matches(), () -> "first line is not 'session ID':\n" + out);
    return m.group(1);
  }

  /** Polls GetSession until {@code sessionId} is in {@code state}, at most 30 s; returns the session. */
  static Session awaitState(LoopbackCoordinator server, String sessionId, SessionState state)
      throws InterruptedException {
    long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    Session s;
    do {
      s = server.sessions().getSession(GetSessionRequest.newBuilder().setSessionId(sessionId).build());
      if (s.getSummary().getState() == state) {
        return s;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < end);
    throw new AssertionError("session " + sessionId + " not " + state + " within 30 s: " + s.getSummary());
  }

  @Test
  void runPrintsTheSessionIdFirstAndListAndGetShowTheSameSession() throws Exception {
    CliVerbsTest.Run r = CliVerbsTest.run(with(new String[] {"run", "--target", server.target(), "--perf-version",
        "3.6", "--hosts", "host-2,host-3"}, RunTargetCliTest.PRECISE_RECORD));
    assertEquals(0, r.status(), r.err());
    String id = firstLineSessionId(r.out());

    CliVerbsTest.Run get = CliVerbsTest.run("sessions", "get", id, "--target", server.target());
    assertEquals(0, get.status(), get.err());
    // the one rendering: everything run printed after the id line, from what the server kept
    assertEquals(r.out().substring(r.out().indexOf('\n') + 1), get.out());
    assertContains(get.out(), "finished: 2/2 hosts, 4 guests panicked");

    CliVerbsTest.Run list = CliVerbsTest.run("sessions", "list", "--target", server.target());
    assertEquals(0, list.status(), list.err());
    List<String> row = List.of(list.out().lines().filter(l -> l.startsWith(id + " ")).findFirst()
        .orElseThrow(() -> new AssertionError(id + " missing from:\n" + list.out())).split(" {2,}"));
    assertEquals(List.of(id, "finished", "perf record -e cycles:p -ag -- sleep 10", "2/2", "4"), row.subList(0, 5));
    assertTrue(row.get(5).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), row.toString());

    CliVerbsTest.Run json = CliVerbsTest.run("sessions", "list", "--json", "--target", server.target());
    assertEquals(0, json.status(), json.err());
    ListSessionsResponse.Builder parsed = ListSessionsResponse.newBuilder();
    JsonFormat.parser().merge(json.out(), parsed);
    assertTrue(parsed.getSessionsList().stream().anyMatch(s -> s.getSessionId().equals(id)), json.out());

    CliVerbsTest.Run getJson = CliVerbsTest.run("sessions", "get", id, "--json", "--target", server.target());
    Session.Builder session = Session.newBuilder();
    JsonFormat.parser().merge(getJson.out(), session);
    assertEquals(2, session.getHostResultsCount());

    CliVerbsTest.Run late = CliVerbsTest.run("sessions", "cancel", id, "--target", server.target());
    assertEquals(1, late.status(), late.out() + late.err());
    assertContains(late.err(), "session " + id + " is already finished");
  }

  @Test
  void anUnknownSessionIdExitsWithTwoNamingIt() {
    for (String verb : List.of("get", "cancel")) {
      CliVerbsTest.Run r = CliVerbsTest.run("sessions", verb, "s-999999", "--target", server.target());
      assertEquals(2, r.status(), verb + ": " + r.out() + r.err());
      assertEquals("perfsim: no session 's-999999' (unknown, or aged out of the server's history)\n", r.err());
    }
  }

  @Test
  void aPassedDeadlineNamesTheSessionWhichGoesOnUntilSessionsCancelStopsIt() throws Exception {
    CliVerbsTest.Run r = CliVerbsTest.run(with(new String[] {"run", "--target", server.target(), "--hosts", "host-0",
        "--deadline", "1"}, LONG_RECORD));
    assertEquals(RunCommand.DEADLINE_PASSED, r.status(), r.out() + r.err());
    String id = firstLineSessionId(r.out());
    assertEquals("perfsim: stopped watching session " + id + " after 1 s; it goes on on the server: "
        + "perfsim sessions cancel " + id + " --target " + server.target() + "\n", r.err());
    assertEquals(SessionState.SESSION_STATE_RUNNING, server.sessions().getSession(GetSessionRequest.newBuilder()
        .setSessionId(id).build()).getSummary().getState());

    CliVerbsTest.Run cancel = CliVerbsTest.run("sessions", "cancel", id, "--target", server.target());
    assertEquals(0, cancel.status(), cancel.err());
    assertTrue(cancel.out().matches("session " + id + ": cancel(led|ling), [01]/1 hosts done\n"), cancel.out());
    awaitState(server, id, SessionState.SESSION_STATE_CANCELLED);
  }

  @Test
  void ctrlCWhileRunWatchesCancelsTheSessionAfterSayingSoAndExitsWith130() throws Exception {
    try (CliProcess run = CliProcess.start(with(new String[] {"run", "--target", server.target(), "--hosts",
        "host-1"}, LONG_RECORD))) {
      // stdout is a pipe here, not a terminal: the id still comes first
      String id = firstLineSessionId(run.readLine(60));
      run.interrupt();
      assertEquals(130, run.waitFor(60), () -> "stderr: " + stderrOf(run));
      assertContains(run.stderr(), "perfsim: interrupted; cancelling session " + id + " ...\n");
      assertTrue(run.stderr().matches("(?s).*perfsim: session " + id + ": cancel(led|ling), [01]/1 hosts done\n.*"),
          run.stderr());
      awaitState(server, id, SessionState.SESSION_STATE_CANCELLED);
    }
  }

  private static String stderrOf(CliProcess p) {
    try {
      return p.stderr();
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
