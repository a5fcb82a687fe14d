package org.perfsim.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.perfsim.coordinator.LoopbackCoordinator.assertContains;
import static org.perfsim.coordinator.LoopbackCoordinator.refused;

import com.google.protobuf.util.Durations;
import io.grpc.Status;
import com.google.protobuf.ByteString;
import org.perfsim.api.v1.OpenAttrRequest;
import org.perfsim.api.v1.EncodeEventsRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perfsim.api.v1.Argv;
import org.perfsim.api.v1.DescribeHostRequest;
import org.perfsim.api.v1.GetSessionRequest;
import org.perfsim.api.v1.FirstPanicSpread;
import org.perfsim.api.v1.Guest;
import org.perfsim.api.v1.GuestHealth;
import org.perfsim.api.v1.GuestPanic;
import org.perfsim.api.v1.Host;
import org.perfsim.api.v1.HostIdList;
import org.perfsim.api.v1.HostSelector;
import org.perfsim.api.v1.HostSessionResult;
import org.perfsim.api.v1.LabelSelector;
import org.perfsim.api.v1.ListHostsRequest;
import org.perfsim.api.v1.Outcome;
import org.perfsim.api.v1.OutcomeCount;
import org.perfsim.api.v1.ProvisionHostsRequest;
import org.perfsim.api.v1.RebootGuestRequest;
import org.perfsim.api.v1.Session;
import org.perfsim.api.v1.SessionState;
import org.perfsim.api.v1.SessionSummary;
import org.perfsim.api.v1.SessionUpdate;
import org.perfsim.api.v1.SessionView;
import org.perfsim.api.v1.StartSessionRequest;

/**
 * SessionService.StartSession over loopback: the 2012 cascade across a whole fleet, the fix, determinism,
 * every selector, perf's own refusals, and what /metrics shows afterwards. The server starts with 4 hosts
 * (kernel 3.6, perf 6.1 installed, 4 busy guests each); the fleet-wide test runs first, on them alone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SessionApiEndToEndTest {
  static final List<String> PRECISE_RECORD = List.of("perf", "record", "-e", "cycles:p", "-ag", "--", "sleep", "10");

  @RegisterExtension
  static final LoopbackCoordinator server = LoopbackCoordinator.perClass("--hosts", "4");

  static StartSessionRequest.Builder session(HostSelector.Builder hosts, List<String> argv) {
    return StartSessionRequest.newBuilder().setHosts(hosts).setArgv(Argv.newBuilder().addAllArgs(argv));
  }

  static HostSelector.Builder labels(String key, String value) {
    return HostSelector.newBuilder().setLabels(LabelSelector.newBuilder().putMatchLabels(key, value));
  }

  /** Every update of a session that runs to its end. */
  static List<SessionUpdate> run(LoopbackCoordinator on, StartSessionRequest request) {
    List<SessionUpdate> updates = new ArrayList<>();
    Iterator<SessionUpdate> stream = on.sessions().withDeadlineAfter(60, TimeUnit.SECONDS).startSession(request);
    stream.forEachRemaining(updates::add);
    return updates;
  }

  static List<HostSessionResult> results(List<SessionUpdate> updates) {
    return updates.stream().filter(SessionUpdate::hasHostResult).map(SessionUpdate::getHostResult).toList();
  }

  static Host describe(LoopbackCoordinator on, String hostId) {
    return on.fleet().describeHost(DescribeHostRequest.newBuilder().setHostId(hostId).build()).getHost();
  }

  @Test
  @Order(1)
  void perf36OnTheWholeFleetCrashesEveryGuestAndTheStreamTellsItInOrder() {
    List<SessionUpdate> updates = run(server, session(HostSelector.newBuilder().setAll(true), PRECISE_RECORD)
        .setPerfGeneration("3.6").build());

    SessionUpdate first = updates.get(0);
    assertTrue(first.hasStarted(), first.toString());
    String id = first.getStarted().getSessionId();
    assertEquals(List.of("host-0", "host-1", "host-2", "host-3"), first.getStarted().getHostIdsList());
    assertEquals(4, first.getStarted().getHostsSelected());
    assertEquals("3.6", first.getStarted().getPerfGeneration());
    assertEquals(2012, first.getStarted().getSeed());
    assertEquals(PRECISE_RECORD, first.getStarted().getArgvList());
    // then (host_result, progress) per host, the progress counting the hosts done, and finished last
    assertEquals(1 + 2 * 4 + 1, updates.size(), updates.toString());
    for (int i = 0; i < 4; i++) {
      assertTrue(updates.get(1 + 2 * i).hasHostResult(), updates.get(1 + 2 * i).toString());
      SessionUpdate progress = updates.get(2 + 2 * i);
      assertTrue(progress.hasProgress(), progress.toString());
      assertEquals(i + 1, progress.getProgress().getHostsDone());
      assertEquals(4, progress.getProgress().getHostsTotal());
    }
    assertEquals(16, updates.get(8).getProgress().getGuestsPanicked());

    for (HostSessionResult r : results(updates)) {
      assertEquals(Outcome.OUTCOME_GUESTS_CRASHED, r.getOutcome(), r.getHostId());
      assertEquals(List.of(0, 1, 2, 3), r.getGuestsPanickedList().stream().map(GuestPanic::getGuestId).sorted()
          .toList(), r.getHostId());
      assertEquals(4, r.getGuestsHit());
      assertEquals(0, r.getPerfExitStatus());
      assertEquals(1, r.getPrecisionUsed());
      assertFalse(r.getExcludeGuestUsed());
      assertTrue(r.hasFirstPanicTime() && r.getBytesWrittenIntoGuests() > 0, r.toString());
      assertTrue(r.getNodeAddress().startsWith("pekko://"), r.getNodeAddress());
    }
    SessionSummary summary = updates.get(updates.size() - 1).getFinished();
    assertEquals(id, summary.getSessionId());
    assertEquals(SessionState.SESSION_STATE_FINISHED, summary.getState());
    assertEquals(4, summary.getHostsDone());
    assertEquals(List.of(OutcomeCount.newBuilder().setOutcome(Outcome.OUTCOME_GUESTS_CRASHED).setHosts(4).build()),
        summary.getOutcomesList());
    assertEquals(16, summary.getGuestsPanicked());
    assertEquals(16, summary.getGuestsHit());
    assertEquals(0, summary.getHostsFailed());
    assertTrue(summary.hasEndTime() && summary.hasFirstPanicTime(), summary.toString());
    // the spread of the four hosts' first panics, each host's own time; its ends are the summary's first panic
    // and the latest host's first panic
    FirstPanicSpread spread = summary.getFirstPanicSpread();
    assertEquals(4, spread.getHosts());
    assertEquals(summary.getFirstPanicTime(), spread.getMin());
    assertEquals(results(updates).stream().map(HostSessionResult::getFirstPanicTime).max(Durations.comparator())
        .orElseThrow(), spread.getMax());
    assertTrue(Durations.compare(spread.getMin(), spread.getMedian()) <= 0
        && Durations.compare(spread.getMedian(), spread.getP99()) <= 0, spread.toString());

    Host host = describe(server, "host-2");
    assertEquals(4, host.getHealth().getPanicked());
    for (Guest g : host.getGuestsList()) {
      assertEquals(GuestHealth.GUEST_HEALTH_PANICKED, g.getHealth());
      assertEquals(id, g.getLastPanicSessionId());
      assertEquals(1, g.getPanics());
      assertFalse(g.getLastPanicReason().isEmpty());
    }
    Session stored = server.sessions().getSession(GetSessionRequest.newBuilder().setSessionId(id)
        .setView(SessionView.SESSION_VIEW_FULL).build());
    assertEquals(summary, stored.getSummary());
    assertEquals(new java.util.HashSet<>(results(updates)), new java.util.HashSet<>(stored.getHostResultsList()));

    // a reboot brings one guest back with fresh memory; its panic count stays
    Guest rebooted = server.fleet().rebootGuest(RebootGuestRequest.newBuilder().setHostId("host-2").setGuestId(3)
        .build()).getGuest();
    assertEquals(GuestHealth.GUEST_HEALTH_RUNNING, rebooted.getHealth());
    assertEquals(1, rebooted.getPanics());
    assertEquals(3, describe(server, "host-2").getHealth().getPanicked());
  }

  @Test
  void theInstalledPerf61OnFreshHostsIsOkHostOnlyWithoutPanics() {
    server.fleet().provisionHosts(ProvisionHostsRequest.newBuilder().setCount(2).putLabels("suite", "fixed").build());
    List<SessionUpdate> updates = run(server, session(labels("suite", "fixed"), PRECISE_RECORD).build());

    assertEquals("", updates.get(0).getStarted().getPerfGeneration(), "no override: each host's own perf");
    for (HostSessionResult r : results(updates)) {
      assertEquals(Outcome.OUTCOME_OK_HOST_ONLY, r.getOutcome(), r.toString());
      assertEquals(0, r.getGuestsPanickedCount());
      assertTrue(r.getExcludeGuestUsed());
      assertTrue(r.getSamplesHost() > 0);
    }
    assertEquals(0, updates.get(updates.size() - 1).getFinished().getGuestsPanicked());
  }

  @Test
  void theSameSeedOnIdenticalFreshHostsGivesTheSameResults() {
    for (String set : List.of("a", "b")) {
      server.fleet().provisionHosts(ProvisionHostsRequest.newBuilder().setCount(2).putLabels("det", set)
          .setGuestsPerHost(3).setPcpus(2).setPerfGeneration("3.6").build());
    }
    List<HostSessionResult> a = results(run(server, session(labels("det", "a"), PRECISE_RECORD).setSeed(7).build()));
    List<HostSessionResult> b = results(run(server, session(labels("det", "b"), PRECISE_RECORD).setSeed(7).build()));

    assertEquals(2, a.size());
    assertEquals(withoutPlace(a), withoutPlace(b));
    assertEquals(Outcome.OUTCOME_GUESTS_CRASHED, a.get(0).getOutcome());
  }

  /** Results in host order with the host's name and node cleared: what the simulation decided. */
  private static List<HostSessionResult> withoutPlace(List<HostSessionResult> results) {
    return results.stream().sorted(java.util.Comparator.comparing(HostSessionResult::getHostId))
        .map(r -> r.toBuilder().clearHostId().clearNodeAddress().build()).toList();
  }

  @Test
  void countAndPercentPickTheSameHostsForTheSameSeed() {
    int fleet = server.fleet().listHosts(ListHostsRequest.getDefaultInstance()).getTotalSize();
    List<String> short1 = List.of("perf", "record", "-e", "cycles", "-a", "--", "sleep", "0.01");

    List<String> half = started(session(HostSelector.newBuilder().setPercent(50), short1).setSeed(11));
    assertEquals((fleet + 1) / 2, half.size(), "50% of " + fleet + " hosts, rounded up");
    assertEquals(half, started(session(HostSelector.newBuilder().setPercent(50), short1).setSeed(11)));
    assertEquals(1, started(session(HostSelector.newBuilder().setPercent(0.1), short1)).size());

    List<String> two = started(session(HostSelector.newBuilder().setCount(2), short1).setSeed(3));
    assertEquals(2, two.size());
    assertEquals(two, started(session(HostSelector.newBuilder().setCount(2), short1).setSeed(3)));
  }

  @Test
  void labelsAndIdsSelectExactlyTheirHosts() {
    server.fleet().provisionHosts(ProvisionHostsRequest.newBuilder().putLabels("rack", "r7")
        .setIds(HostIdList.newBuilder().addIds("r7-b").addIds("r7-a")).build());
    server.fleet().provisionHosts(ProvisionHostsRequest.newBuilder().putLabels("rack", "r8")
        .setIds(HostIdList.newBuilder().addIds("r8-a")).build());
    List<String> cmd = List.of("perf", "record", "-e", "cycles", "-a", "--", "sleep", "0.01");

    assertEquals(List.of("r7-a", "r7-b"), started(session(labels("rack", "r7"), cmd)));
    assertEquals(List.of("r7-b", "r8-a"), started(session(HostSelector.newBuilder()
        .setIds(HostIdList.newBuilder().addIds("r8-a").addIds("r7-b")), cmd)));

    LoopbackCoordinator.Refusal unknown = refused(Status.Code.NOT_FOUND, () -> run(server, session(
        HostSelector.newBuilder().setIds(HostIdList.newBuilder().addIds("r7-a").addIds("r9-z")), cmd).build()));
    assertEquals("hosts.ids.ids", unknown.field());
    assertContains(unknown.message(), "r9-z");
    assertEquals("hosts.labels", refused(Status.Code.FAILED_PRECONDITION, () -> run(server,
        session(labels("rack", "r9"), cmd).build())).field());
    assertEquals("hosts.count", refused(Status.Code.FAILED_PRECONDITION, () -> run(server,
        session(HostSelector.newBuilder().setCount(10_000), cmd).build())).field());
    assertEquals("hosts.percent", refused(Status.Code.INVALID_ARGUMENT, () -> run(server,
        session(HostSelector.newBuilder().setPercent(150), cmd).build())).field());
    assertEquals("hosts.all", refused(Status.Code.INVALID_ARGUMENT, () -> run(server,
        session(HostSelector.newBuilder().setAll(false), cmd).build())).field());
    assertEquals("hosts", refused(Status.Code.INVALID_ARGUMENT, () -> run(server,
        StartSessionRequest.newBuilder().setCommandLine(String.join(" ", cmd)).build())).field());
  }

  /** The hosts a session selected; the session runs to its end. */
  private static List<String> started(StartSessionRequest.Builder request) {
    List<SessionUpdate> updates = run(server, request.build());
    assertEquals(SessionState.SESSION_STATE_FINISHED, updates.get(updates.size() - 1).getFinished().getState());
    return updates.get(0).getStarted().getHostIdsList();
  }

  @Test
  void aBadEventIsRefusedWithPerfsOwnTextBeforeAnythingRuns() {
    List<String> bad = List.of("perf", "record", "-e", "cycles:pppp", "-ag", "--", "sleep", "10");
    LoopbackCoordinator.Refusal argv = refused(Status.Code.INVALID_ARGUMENT, () -> run(server,
        session(HostSelector.newBuilder().setAll(true), bad).build()));
    assertEquals("argv.args", argv.field());
    assertContains(argv.message(), "rejects the command:"); // every perf installed in the fleet does
    assertContains(argv.message(), "event syntax error: 'cycles:pppp'");
    assertContains(argv.message(), "\\___");

    LoopbackCoordinator.Refusal line = refused(Status.Code.INVALID_ARGUMENT, () -> run(server,
        StartSessionRequest.newBuilder().setHosts(HostSelector.newBuilder().setAll(true))
            .setCommandLine("perf record -e cycles:pppp -ag -- sleep 10").setPerfGeneration("3.6").build()));
    assertEquals("command_line", line.field());
    assertContains(line.message(), "perf 3.6 rejects the command:");
    assertContains(line.message(), "invalid or unsupported event: 'cycles:pppp'"); // the 2012 wording

    LoopbackCoordinator.Refusal notPerf = refused(Status.Code.INVALID_ARGUMENT, () -> run(server,
        StartSessionRequest.newBuilder().setHosts(HostSelector.newBuilder().setAll(true))
            .setCommandLine("rm -rf /").build()));
    assertEquals("command_line", notPerf.field());
    assertContains(notPerf.message(), "must start with 'perf record' or 'perf stat'");
    assertEquals("command_line", refused(Status.Code.INVALID_ARGUMENT, () -> run(server,
        StartSessionRequest.newBuilder().setHosts(HostSelector.newBuilder().setAll(true))
            .setCommandLine("perf record -e 'cycles -a").build())).field());
    assertEquals("perf_generation", refused(Status.Code.INVALID_ARGUMENT, () -> run(server,
        session(HostSelector.newBuilder().setAll(true), PRECISE_RECORD).setPerfGeneration("4.0").build())).field());
  }

  @Test
  void metricsCountTheCallsByMethodAndStatusAndTheGuestPanics() throws Exception {
    refused(Status.Code.INVALID_ARGUMENT, () -> run(server, StartSessionRequest.newBuilder()
        .setHosts(HostSelector.newBuilder().setAll(true)).setCommandLine("perf record -e cycles:pppp").build()));
    server.fleet().provisionHosts(ProvisionHostsRequest.newBuilder().putLabels("suite", "metrics")
        .setIds(HostIdList.newBuilder().addIds("metrics-1")).setGuestsPerHost(1).build());
    run(server, session(labels("suite", "metrics"), PRECISE_RECORD).setPerfGeneration("3.6").build());

    String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.metricsUrl()))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    assertTrue(metrics.lines().anyMatch(l -> l.startsWith("grpc_server_processing_duration_seconds_count{")
        && l.contains("method=\"StartSession\"") && l.contains("statusCode=\"INVALID_ARGUMENT\"")), metrics);
    assertTrue(metrics.lines().anyMatch(l -> l.startsWith("perfsim_guest_panics_total")
        && !l.endsWith(" 0.0")), metrics);
  }

  @Test
  void aRequestOverTheFourMebibyteLimitIsResourceExhausted() {
    ByteString fiveMib = ByteString.copyFrom(new byte[5 << 20]);
    refused(Status.Code.RESOURCE_EXHAUSTED, () -> server.abi().openAttr(OpenAttrRequest.newBuilder()
        .setAttr(fiveMib).build()));
    // the connection survives: the next call is answered
    assertEquals(1, server.abi().encodeEvents(EncodeEventsRequest.newBuilder().setEvents("cycles").build())
        .getEventsCount());
  }

}
