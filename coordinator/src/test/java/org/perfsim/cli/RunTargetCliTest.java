package org.perfsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.perfsim.coordinator.LoopbackCoordinator.assertContains;

import com.google.protobuf.util.JsonFormat;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perfsim.api.v1.GetSessionRequest;
import org.perfsim.api.v1.HostSessionResult;
import org.perfsim.api.v1.Outcome;
import org.perfsim.api.v1.Session;
import org.perfsim.api.v1.SessionView;
import org.perfsim.coordinator.LoopbackCoordinator;

/**
 * {@code perfsim run} and {@code perfsim hosts} as a user runs them against {@code perfsim serve}: what
 * they print, and their exit status. The server starts with 4 hosts x 2 guests (kernel 3.6, perf 6.1).
 */
class RunTargetCliTest {
  static final String[] PRECISE_RECORD = {"--", "perf", "record", "-e", "cycles:p", "-ag", "--", "sleep", "10"};

  @RegisterExtension
  static final LoopbackCoordinator server = LoopbackCoordinator.perClass("--hosts", "4", "--guests", "2",
      "--pcpus", "2");

  private static CliVerbsTest.Run run(String... args) {
    return CliVerbsTest.run(args);
  }

  private static String[] with(String[] head, String... tail) {
    String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }

  @Test
  void runWithAnOldPerfCrashesTheGuestsOfTheChosenHostsAndHostsShowsThem() throws Exception {
    CliVerbsTest.Run r = run(with(new String[] {"run", "--target", server.target(), "--perf-version", "3.6",
        "--hosts", "2"}, PRECISE_RECORD));

    assertEquals(0, r.status(), r.err());
    assertContains(r.out(), "perf record -e cycles:p -ag -- sleep 10 on 2 hosts (perf 3.6, seed 2012)");
    List<String> crashedRows = r.out().lines().filter(l -> l.matches("host-\\d+ +guests-crashed .*")).toList();
    assertEquals(2, crashedRows.size(), r.out());
    assertContains(r.out(), "finished: 2/2 hosts, 4 guests panicked, 4 guests hit by PEBS writes");
    Matcher spread = Pattern.compile("; first panic per host: min (\\d\\.\\d{6}) s, median \\d\\.\\d{6} s, "
        + "p99 \\d\\.\\d{6} s, max (\\d\\.\\d{6}) s \\(2 hosts\\)").matcher(r.out());
    assertTrue(spread.find(), r.out());
    assertTrue(Double.parseDouble(spread.group(1)) <= Double.parseDouble(spread.group(2)), r.out());
    List<String> crashed = crashedRows.stream().map(l -> l.substring(0, l.indexOf(' '))).toList();

    CliVerbsTest.Run hosts = run("hosts", "--target", server.target());
    assertEquals(0, hosts.status(), hosts.err());
    assertContains(hosts.out(), "4 hosts");
    for (int h = 0; h < 4; h++) {
      String id = "host-" + h;
      List<String> cells = List.of(hosts.out().lines().filter(l -> l.startsWith(id + " ")).findFirst()
          .orElseThrow(() -> new AssertionError(id + " missing from:\n" + hosts.out())).trim().split(" +"));
      // HOST CPU KERNEL PERF PCPUS GUESTS RUNNING CORRUPTED PANICKED ...
      assertEquals(List.of(id, "ivybridge", "3.6", "6.1", "2", "2"), cells.subList(0, 6));
      assertEquals(crashed.contains(id) ? "2" : "0", cells.get(8), hosts.out());
      assertEquals(crashed.contains(id) ? "0" : "2", cells.get(6), hosts.out());
    }

    // the other two hosts, as JSON: the same session the server keeps
    List<String> others = new java.util.ArrayList<>(List.of("host-0", "host-1", "host-2", "host-3"));
    others.removeAll(crashed);
    CliVerbsTest.Run json = run(with(new String[] {"run", "--target", server.target(), "--perf-version", "3.6",
        "--hosts", String.join(",", others), "--json"}, PRECISE_RECORD));
    assertEquals(0, json.status(), json.err());
    Session.Builder printed = Session.newBuilder();
    JsonFormat.parser().merge(json.out(), printed);
    assertEquals(others, printed.getHostIdsList());
    assertEquals(2, printed.getHostResultsCount());
    for (HostSessionResult result : printed.getHostResultsList()) {
      assertEquals(Outcome.OUTCOME_GUESTS_CRASHED, result.getOutcome(), result.toString());
      assertEquals(2, result.getGuestsPanickedCount());
    }
    Session kept = org.perfsim.api.v1.SessionServiceGrpc.newBlockingStub(server.channel())
        .withDeadlineAfter(10, java.util.concurrent.TimeUnit.SECONDS).getSession(GetSessionRequest.newBuilder()
            .setSessionId(printed.getSessionId()).setView(SessionView.SESSION_VIEW_FULL).build());
    assertEquals(new HashSet<>(kept.getHostResultsList()), new HashSet<>(printed.getHostResultsList()));
    assertEquals(kept.getSummary(), printed.getSummary());
  }

  @Test
  void aBadEventExitsWithTwoAndPerfsCaretText() {
    CliVerbsTest.Run r = run("run", "--target", server.target(), "--", "perf", "record", "-e", "cycles:pppp",
        "-ag", "--", "sleep", "10");
    assertEquals(2, r.status(), r.out() + r.err());
    assertContains(r.err(), "perfsim: INVALID_ARGUMENT: argv.args: perf 6.1 rejects the command:");
    assertContains(r.err(), "event syntax error: 'cycles:pppp'");
    assertContains(r.err(), "\\___ Bad modifier");
  }

  @Test
  void aMalformedHostSelectorExitsWithTwoNamingTheOption() {
    CliVerbsTest.Run r = run(with(new String[] {"run", "--target", server.target(), "--hosts", "rack=r1,host-2"},
        PRECISE_RECORD));
    assertEquals(2, r.status(), r.out() + r.err());
    assertContains(r.err(), "--hosts: 'rack=r1,host-2' is not all, N, P%, ID,ID... or KEY=VALUE,...");
    assertEquals("", r.out());
  }

  @Test
  void anUnreachableCoordinatorExitsWithOneAndSaysSo() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    CliVerbsTest.Run r = run(with(new String[] {"run", "--target", "127.0.0.1:" + closedPort}, PRECISE_RECORD));
    assertEquals(1, r.status(), r.out() + r.err());
    assertContains(r.err(), "perfsim: UNAVAILABLE: cannot reach the coordinator");
    assertContains(r.err(), "127.0.0.1:" + closedPort);
    CliVerbsTest.Run hosts = run("hosts", "--target", "127.0.0.1:" + closedPort);
    assertEquals(1, hosts.status());
    assertContains(hosts.err(), "UNAVAILABLE: cannot reach the coordinator");
  }

  @Test
  void withoutTargetRunStartsAnEmbeddedCoordinatorForTheOneCall() {
    CliVerbsTest.Run r = run(with(new String[] {"run", "--fleet-hosts", "2", "--guests", "1", "--pcpus", "2",
        "--perf-version", "3.6"}, PRECISE_RECORD));
    assertEquals(0, r.status(), r.err());
    Matcher summary = Pattern.compile("finished: 2/2 hosts, 2 guests panicked").matcher(r.out());
    assertTrue(summary.find(), r.out());
    assertEquals(2, r.out().lines().filter(l -> l.matches("host-[01] +guests-crashed .*")).count(), r.out());
  }
}
