package org.perfsim.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.perfsim.coordinator.LoopbackCoordinator.assertContains;
import static org.perfsim.coordinator.LoopbackCoordinator.refused;

import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perfsim.api.v1.Argv;
import org.perfsim.api.v1.DescribeHostRequest;
import org.perfsim.api.v1.ExperimentServiceGrpc;
import org.perfsim.api.v1.GetSessionRequest;
import org.perfsim.api.v1.HostSelector;
import org.perfsim.api.v1.ListHostsRequest;
import org.perfsim.api.v1.ListSessionsRequest;
import org.perfsim.api.v1.ProvisionHostsRequest;
import org.perfsim.api.v1.RunExperimentRequest;
import org.perfsim.api.v1.SessionUpdate;
import org.perfsim.api.v1.StartSessionRequest;
import org.perfsim.coordinator.core.Limits;

/**
 * Requests meant to hurt the server: endless or sample-heavy sessions, huge strings, absurd counts and page
 * sizes. Each is refused at the API edge, at once, with the code and field docs/API.md promises; afterwards
 * an ordinary session runs to its end on the same server.
 */
class HostileRequestsTest {
  /** Each refusal is answered long before this; a refusal that ran the work first would not be. */
  private static final Duration AT_ONCE = Duration.ofSeconds(20);

  @RegisterExtension
  static final LoopbackCoordinator server = LoopbackCoordinator.inProcess("hostile", 2, 10_000);

  private static StartSessionRequest argv(List<String> args) {
    return StartSessionRequest.newBuilder().setHosts(HostSelector.newBuilder().setAll(true))
        .setArgv(Argv.newBuilder().addAllArgs(args)).build();
  }

  private static List<SessionUpdate> run(StartSessionRequest request) {
    List<SessionUpdate> updates = new ArrayList<>();
    server.sessions().startSession(request).forEachRemaining(updates::add);
    return updates;
  }

  @Test
  void aWorkloadLongerThanTheBoundIsRefusedBeforeItRuns() {
    LoopbackCoordinator.Refusal r = assertTimeoutPreemptively(AT_ONCE, () -> refused(Status.Code.INVALID_ARGUMENT,
        () -> run(argv(List.of("perf", "record", "-e", "cycles", "-a", "--", "sleep", "1000000000")))));
    assertEquals("argv.args", r.field());
    assertContains(r.message(), "1000000000 s of simulated time; at most " + Limits.MAX_WORKLOAD.toSeconds() + " s");
  }

  @Test
  void aPeriodOfOneIsRefusedWithTheRateItWouldSampleAt() {
    LoopbackCoordinator.Refusal r = assertTimeoutPreemptively(AT_ONCE, () -> refused(Status.Code.INVALID_ARGUMENT,
        () -> run(StartSessionRequest.newBuilder().setHosts(HostSelector.newBuilder().setCount(1))
            .setCommandLine("perf record -e cycles -c 1 -a -- sleep 10").build())));
    assertEquals("command_line", r.field());
    assertContains(r.message(), "samples up to 3000000000 times per second per CPU");
    assertContains(r.message(), "use -c 3000 or more, or -F 1000000 or less");
    // a period= term counts as -c does
    assertEquals("argv.args", refused(Status.Code.INVALID_ARGUMENT, () -> run(argv(
        List.of("perf", "record", "-e", "cycles/period=10/", "--", "sleep", "1")))).field());
  }

  @Test
  void theProductOfTimeRateAndHostsPastTheBoundIsResourceExhausted() {
    LoopbackCoordinator.Refusal r = assertTimeoutPreemptively(AT_ONCE, () -> refused(
        Status.Code.RESOURCE_EXHAUSTED,
        () -> run(argv(List.of("perf", "record", "-c", "3000", "-a", "--", "sleep", "1000")))));
    assertEquals("argv.args", r.field());
    assertContains(r.message(), "1000 s x 1000000 samples/s x 2 hosts is 2.00e+09 samples of work; a session may "
        + "cause at most 1.00e+09");
  }

  @Test
  void hugeStringsAreRefusedByTheirSizeWithoutBeingEchoed() {
    String huge = "/".repeat(200_000);
    assertTimeoutPreemptively(AT_ONCE, () -> {
      LoopbackCoordinator.Refusal line = refused(Status.Code.INVALID_ARGUMENT, () -> run(
          StartSessionRequest.newBuilder().setHosts(HostSelector.newBuilder().setAll(true))
              .setCommandLine("perf record -e " + huge + " -- sleep 1").build()));
      assertEquals("command_line", line.field());
      assertContains(line.message(), "at most " + Limits.MAX_COMMAND_CHARS + " characters, got 200026");
      assertEquals("argv.args", refused(Status.Code.INVALID_ARGUMENT, () -> run(argv(
          List.of("perf", "record", "-e", huge, "--", "sleep", "1")))).field());
      assertEquals("argv.args", refused(Status.Code.INVALID_ARGUMENT, () -> run(argv(
          Collections.nCopies(100_000, "-a")))).field());
      LoopbackCoordinator.Refusal id = refused(Status.Code.INVALID_ARGUMENT, () -> server.sessions().getSession(
          GetSessionRequest.newBuilder().setSessionId(huge).build()));
      assertEquals("session_id", id.field());
      assertFalse(id.message().contains("//////"), id.message());
      assertEquals("host_id", refused(Status.Code.INVALID_ARGUMENT, () -> server.fleet().describeHost(
          DescribeHostRequest.newBuilder().setHostId(huge).build())).field());
      LoopbackCoordinator.Refusal token = refused(Status.Code.INVALID_ARGUMENT, () -> server.sessions()
          .listSessions(ListSessionsRequest.newBuilder().setPageToken(huge).build()));
      assertFalse(token.message().contains("//////"), token.message());
    });
  }

  @Test
  void absurdCountsAndPageSizesAreRefusedOrCapped() {
    assertTimeoutPreemptively(AT_ONCE, () -> {
      refused(Status.Code.RESOURCE_EXHAUSTED, () -> server.fleet().provisionHosts(
          ProvisionHostsRequest.newBuilder().setCount(1_000_000_000).build()));
      refused(Status.Code.INVALID_ARGUMENT, () -> server.fleet().provisionHosts(
          ProvisionHostsRequest.newBuilder().setCount(1).setPcpus(1_000_000).build()));
      refused(Status.Code.INVALID_ARGUMENT, () -> server.fleet().provisionHosts(
          ProvisionHostsRequest.newBuilder().setCount(1).setGuestsPerHost(1_000_000).build()));
      // found by RandomRequestsFuzzTest: these durations overflowed java.time (INTERNAL)
      assertEquals("reboot_policy.delay", refused(Status.Code.INVALID_ARGUMENT, () -> server.fleet().provisionHosts(
          ProvisionHostsRequest.newBuilder().setCount(1).setRebootPolicy(org.perfsim.api.v1.RebootPolicy.newBuilder()
              .setDelay(com.google.protobuf.Duration.newBuilder().setSeconds(Long.MIN_VALUE).setNanos(-1))).build()))
          .field());
      assertEquals("reboot_policy.boot_time", refused(Status.Code.INVALID_ARGUMENT, () -> server.fleet()
          .provisionHosts(ProvisionHostsRequest.newBuilder().setCount(1).setRebootPolicy(org.perfsim.api.v1
              .RebootPolicy.newBuilder().setBootTime(com.google.protobuf.Duration.newBuilder()
              .setSeconds(Long.MAX_VALUE))).build())).field());
      assertTrue(server.fleet().listHosts(ListHostsRequest.newBuilder().setPageSize(1_000_000_000).build())
          .getHostsCount() <= Limits.MAX_PAGE_SIZE);
      refused(Status.Code.FAILED_PRECONDITION, () -> run(StartSessionRequest.newBuilder()
          .setHosts(HostSelector.newBuilder().setCount(1_000_000_000)).setCommandLine("perf stat -a -- sleep 1")
          .build()));
    });
  }

  @Test
  void experimentFilesPastTheLimitsAreRefusedBeforeAnyHostIsProvisioned() {
    String steps = "  - run: perf stat -a -- sleep 1\n    selector: {mode: one}\n";
    String file = "title: t\nrepetitions: REPS\nfleet:\n  - {group: big, hosts: HOSTS}\n"
        + "steady-state-hypothesis: {guests-running-at-least: 99%}\nmethod:\n";
    assertTimeoutPreemptively(AT_ONCE, () -> {
      assertEquals("fleet[0].hosts", experimentRefused(file.replace("REPS", "1").replace("HOSTS",
          "" + (Limits.MAX_HOSTS + 1)) + steps));
      assertEquals("repetitions", experimentRefused(file.replace("REPS", "" + (Limits.MAX_EXPERIMENT_REPETITIONS + 1))
          .replace("HOSTS", "1") + steps));
      assertEquals("method", experimentRefused(file.replace("REPS", "1").replace("HOSTS", "1")
          + steps.repeat(Limits.MAX_EXPERIMENT_STEPS + 1)));
    });
    assertEquals(2, server.fleet().listHosts(ListHostsRequest.getDefaultInstance()).getHostsCount());
  }

  private static String experimentRefused(String yaml) {
    return refused(Status.Code.INVALID_ARGUMENT, () -> ExperimentServiceGrpc.newBlockingStub(server.channel())
        .withDeadlineAfter(LoopbackCoordinator.CALL_SECONDS, java.util.concurrent.TimeUnit.SECONDS)
        .runExperiment(RunExperimentRequest.newBuilder().setExperimentYaml(yaml).build()).hasNext()).field();
  }

  @Test
  void afterTheHostileRequestsAnOrdinarySessionRunsToItsEnd() {
    aWorkloadLongerThanTheBoundIsRefusedBeforeItRuns();
    aPeriodOfOneIsRefusedWithTheRateItWouldSampleAt();
    theProductOfTimeRateAndHostsPastTheBoundIsResourceExhausted();
    hugeStringsAreRefusedByTheirSizeWithoutBeingEchoed();
    absurdCountsAndPageSizesAreRefusedOrCapped();
    experimentFilesPastTheLimitsAreRefusedBeforeAnyHostIsProvisioned();

    List<SessionUpdate> updates = run(argv(List.of("perf", "record", "-e", "cycles", "-a", "--", "sleep", "1")));
    SessionUpdate last = updates.get(updates.size() - 1);
    assertTrue(last.hasFinished(), "" + last);
    assertEquals(2, updates.stream().filter(SessionUpdate::hasHostResult).count(), "" + updates);
  }
}
