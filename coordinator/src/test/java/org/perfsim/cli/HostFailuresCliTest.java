package org.perfsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.perfsim.api.v1.HostSessionResult;
import picocli.CommandLine;

/**
 * Fleet runners' exit statuses (issue 15): {@code run} exits 2 when a host failed and 4 when one was
 * unreachable, with the counts in the summary line; an UNAVAILABLE the coordinator sends is not "cannot reach
 * the coordinator".
 */
class HostFailuresCliTest {

  private static HostSessionResult ran() {
    return HostSessionResult.newBuilder().setHostId("host-0").build();
  }

  private static HostSessionResult failed() {
    return HostSessionResult.newBuilder().setHostId("host-1").setNodeError("TimeoutException: ask timed out").build();
  }

  private static HostSessionResult unreachable() {
    return HostSessionResult.newBuilder().setHostId("host-2").setNodeUnreachable(true)
        .setNodeError("unreachable: node pekko://perfsim@127.0.0.1:2552 left the cluster (unreachable)").build();
  }

  @Test
  void unreachableWinsOverFailedWhichWinsOverRan() {
    assertEquals(0, HostFailures.of(List.of(ran(), ran())).exitStatus());
    assertEquals(2, HostFailures.of(List.of(ran(), failed())).exitStatus());
    assertEquals(4, HostFailures.of(List.of(failed(), unreachable(), ran())).exitStatus());
    assertEquals(" (1 failed, 1 unreachable)", HostFailures.of(List.of(failed(), unreachable())).summaryText());
    assertEquals("", HostFailures.of(List.of(ran())).summaryText());
  }

  /** Hosts that report no progress before their session ends (100000 s simulated), given up on after 3 s. */
  private static final String SILENT_HOST = "-Dperfsim.fleet.session-progress-interval=100000s";
  private static final String SILENCE = "-Dperfsim.fleet.session-silence=3s";

  @Test
  void aTimedOutHostMakesRunExit2WithTheCountInTheSummaryLine() throws Exception {
    try (CliProcess cli = CliProcess.start("run", SILENT_HOST, SILENCE, "--fleet-hosts", "1", "--",
        "perf", "record", "-e", "cycles", "-a", "--", "sleep", "100000")) {
      int status = cli.waitFor(120);
      String out = cli.restOfStdout();
      assertEquals(HostFailures.HOST_FAILED, status, out + cli.stderr());
      assertTrue(out.contains("finished: 1/1 hosts (1 failed, 0 unreachable), "), out);
    }
  }

  @Test
  void redriveTimedOutHostsReachesTheSessionAndAHostTimingOutTwiceStillFails() throws Exception {
    try (CliProcess cli = CliProcess.start("run", SILENT_HOST, SILENCE, "--fleet-hosts", "1", "--json",
        "--redrive-timed-out-hosts", "--", "perf", "record", "-e", "cycles", "-a", "--", "sleep", "100000")) {
      int status = cli.waitFor(120);
      String out = cli.restOfStdout();
      assertEquals(HostFailures.HOST_FAILED, status, out + cli.stderr());
      assertTrue(out.contains("\"redriveTimedOutHosts\": true"), out);
    }
  }

  @Test
  void anExperimentJournalCountsItsFailedAndUnreachableHostRows() {
    String journal = "{\"steps\": [{\"hosts\": [{\"host\": \"g-1\", \"outcome\": \"failed\"},"
        + " {\"host\": \"g-2\", \"outcome\": \"unreachable\"}, {\"host\": \"g-3\", \"outcome\": \"ok\"}]}]}";
    assertEquals(new HostFailures(1, 1), HostFailures.ofJournal(journal));
    assertEquals(4, HostFailures.ofJournal(journal).exitStatus());
  }

  private static String handled(RuntimeException failure) throws Exception {
    CommandLine cl = new CommandLine(new HostNodeCommand());
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err, true));
    Choices.handler().handleExecutionException(failure, cl, null);
    return err.toString();
  }

  @Test
  void anUnavailableTheCoordinatorSentNamesWhatDidNotAnswerNotTheCoordinator() throws Exception {
    String err = handled(Status.UNAVAILABLE.withDescription("a host did not answer in time: host-3")
        .asRuntimeException());
    assertFalse(err.contains("cannot reach the coordinator"), err);
    assertTrue(err.contains("UNAVAILABLE: the coordinator answered: a host did not answer in time: host-3"), err);

    String refused = handled(Status.UNAVAILABLE.withDescription("127.0.0.1:1: io exception")
        .withCause(new ConnectException("Connection refused")).asRuntimeException());
    assertTrue(refused.contains("cannot reach the coordinator: 127.0.0.1:1: io exception (Connection refused)"),
        refused);
  }
}
