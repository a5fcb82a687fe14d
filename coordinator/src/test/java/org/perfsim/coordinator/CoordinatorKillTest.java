package org.perfsim.coordinator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perfsim.api.v1.Argv;
import org.perfsim.api.v1.DescribeHostRequest;
import org.perfsim.api.v1.ExperimentEvent;
import org.perfsim.api.v1.ExperimentFinished;
import org.perfsim.api.v1.ExperimentRecord;
import org.perfsim.api.v1.ExperimentServiceGrpc;
import org.perfsim.api.v1.ExperimentUpdate;
import org.perfsim.api.v1.GetExperimentRequest;
import org.perfsim.api.v1.ListExperimentsRequest;
import org.perfsim.api.v1.RunExperimentRequest;
import org.perfsim.api.v1.FleetServiceGrpc;
import org.perfsim.api.v1.GetSessionRequest;
import org.perfsim.api.v1.Guest;
import org.perfsim.api.v1.GuestHealth;
import org.perfsim.api.v1.Host;
import org.perfsim.api.v1.HostSessionResult;
import org.perfsim.api.v1.LabelSelector;
import org.perfsim.api.v1.ListHostsRequest;
import org.perfsim.api.v1.ListHostsResponse;
import org.perfsim.api.v1.ProvisionHostsRequest;
import org.perfsim.api.v1.StopGuestRequest;
import org.perfsim.api.v1.HostIdList;
import org.perfsim.api.v1.HostSelector;
import org.perfsim.api.v1.ListSessionsRequest;
import org.perfsim.api.v1.Session;
import org.perfsim.api.v1.SessionServiceGrpc;
import org.perfsim.api.v1.SessionState;
import org.perfsim.api.v1.SessionUpdate;
import org.perfsim.api.v1.SessionView;
import org.perfsim.api.v1.StartSessionRequest;
import org.perfsim.coordinator.store.PostgresCluster;

/**
 * Nothing lost: {@code perfsim serve} is killed with SIGKILL after two sessions finished while a third runs;
 * restarted on the same store, it answers GetSession and ListSessions for the finished ones byte for byte as
 * before, and reports the third as INTERRUPTED. The hosts provisioned through the API before the kill (one with
 * guests a session panicked, one with a guest stopped) are listed again with their guests as they were, and a
 * new session on them works. An experiment that ended before the kill is returned by GetExperiment byte for byte as
 * before (its texts those it streamed), one under way at the kill as {@code interrupted}. Once on the embedded store,
 * once on a real PostgreSQL.
 */
class CoordinatorKillTest {
  private static final List<String> SHORT = List.of("perf", "record", "-e", "cycles", "-a", "--", "sleep", "0.01");
  private static final List<String> LONG = List.of("perf", "record", "-e", "cycles", "-a", "--", "sleep", "600");
  /** The host groups of the experiment that ends before the kill and of the one under way at it. */
  private static final String ENDED_GROUP = "xended";
  private static final String RUNNING_GROUP = "xrunning";

  @TempDir
  Path dir;

  @Test
  void finishedSessionsSurviveKillNineOnTheEmbeddedStoreAndTheRunningOneIsInterrupted() throws Exception {
    killWhileRunningThenRestart("--data-dir", dir.resolve("data").toString());
  }

  @Test
  void finishedSessionsSurviveKillNineOnPostgresqlAndTheRunningOneIsInterrupted() throws Exception {
    Path password = dir.resolve("store-password");
    Files.writeString(password, PostgresCluster.PASSWORD + "\n");
    try (PostgresCluster postgres = PostgresCluster.start()) {
      killWhileRunningThenRestart("--store-url", postgres.jdbcUrl(), "--store-user", PostgresCluster.USER,
          "--store-password-file", password.toString());
    }
  }

  private static StartSessionRequest session(String hostId, List<String> argv) {
    return StartSessionRequest.newBuilder().setHosts(HostSelector.newBuilder()
        .setIds(HostIdList.newBuilder().addIds(hostId))).setArgv(Argv.newBuilder().addAllArgs(argv)).build();
  }

  private static SessionServiceGrpc.SessionServiceBlockingStub sessions(ManagedChannel channel) {
    return SessionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  private static Session get(ManagedChannel channel, String id, SessionView view) {
    return sessions(channel).getSession(GetSessionRequest.newBuilder().setSessionId(id).setView(view).build());
  }

  /** Every session ListSessions pages through, by id. */
  private static Map<String, Session> listed(ManagedChannel channel) {
    Map<String, Session> byId = new LinkedHashMap<>();
    String token = "";
    do {
      var page = sessions(channel).listSessions(ListSessionsRequest.newBuilder().setPageToken(token).build());
      page.getSessionsList().forEach(s -> byId.put(s.getSessionId(), s));
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return byId;
  }

  private static void killWhileRunningThenRestart(String... storeArgs) throws Exception {
    List<String> args = new ArrayList<>(List.of(storeArgs));
    args.addAll(List.of("--hosts", "2"));
    List<String> finished = new ArrayList<>();
    Map<String, byte[]> fullBefore = new LinkedHashMap<>();
    Map<String, byte[]> listedBefore = new LinkedHashMap<>();
    String running;
    Map<String, Host> hostsBefore;
    String endedExperiment;
    String runningExperiment;
    ExperimentFinished streamed;
    byte[] endedBefore;
    try (ServeProcess serve = ServeProcess.start(args.toArray(String[]::new))) {
      ManagedChannel channel = ManagedChannelBuilder.forTarget(serve.target()).usePlaintext().build();
      try {
        provisionThroughTheApi(channel);
        for (int i = 0; i < 2; i++) {
          List<SessionUpdate> updates = new ArrayList<>();
          sessions(channel).startSession(i == 0 ? crashing("api-0") : session("host-0", SHORT))
              .forEachRemaining(updates::add);
          finished.add(updates.get(0).getStarted().getSessionId());
        }
        fleet(channel).stopGuest(StopGuestRequest.newBuilder().setHostId("api-1").setGuestId(1).build());
        hostsBefore = hostsAsTheyAre(channel);
        assertEquals(List.of(GuestHealth.GUEST_HEALTH_PANICKED, GuestHealth.GUEST_HEALTH_PANICKED),
            hostsBefore.get("api-0").getGuestsList().stream().map(Guest::getHealth).toList());
        assertEquals(GuestHealth.GUEST_HEALTH_STOPPED, hostsBefore.get("api-1").getGuests(1).getHealth());
        List<ExperimentUpdate> quick = new ArrayList<>();
        experiments(channel).runExperiment(RunExperimentRequest.newBuilder().setExperimentYaml(
            ExperimentApiTest.longExperiment(ENDED_GROUP).replace("sleep 100000", "sleep 1")).build())
            .forEachRemaining(quick::add);
        endedExperiment = quick.get(0).getStarted().getExperimentId();
        streamed = quick.get(quick.size() - 1).getFinished();
        endedBefore = experiment(channel, endedExperiment).toByteArray();
        Iterator<ExperimentUpdate> longExperiment = ExperimentServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(120, TimeUnit.SECONDS).runExperiment(RunExperimentRequest.newBuilder()
                .setExperimentYaml(ExperimentApiTest.longExperiment(RUNNING_GROUP)).build());
        runningExperiment = longExperiment.next().getStarted().getExperimentId();
        while (longExperiment.next().getEvent().getKind() != ExperimentEvent.Kind.KIND_STEP_STARTED) {
          // the hypothesis before the step
        }
        Iterator<SessionUpdate> longOne = SessionServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(120, TimeUnit.SECONDS).startSession(session("host-1", LONG));
        running = longOne.next().getStarted().getSessionId();
        awaitRunning(channel, running);
        for (String id : finished) {
          fullBefore.put(id, get(channel, id, SessionView.SESSION_VIEW_FULL).toByteArray());
        }
        listed(channel).forEach((id, s) -> listedBefore.put(id, s.toByteArray()));

        assertEquals(137, serve.kill(), "SIGKILL ends a JVM with 128 + 9");
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }

    try (ServeProcess restarted = ServeProcess.start(args.toArray(String[]::new))) {
      ManagedChannel channel = ManagedChannelBuilder.forTarget(restarted.target()).usePlaintext().build();
      try {
        for (String id : finished) {
          Session after = get(channel, id, SessionView.SESSION_VIEW_FULL);
          assertEquals(SessionState.SESSION_STATE_FINISHED, after.getSummary().getState());
          assertArrayEquals(fullBefore.get(id), after.toByteArray(), id + " is not as before");
        }
        Map<String, Session> listedAfter = listed(channel);
        for (String id : finished) {
          assertArrayEquals(listedBefore.get(id), listedAfter.get(id).toByteArray(), id + " is listed otherwise");
        }
        Session interrupted = get(channel, running, SessionView.SESSION_VIEW_FULL);
        assertEquals(SessionState.SESSION_STATE_INTERRUPTED, interrupted.getSummary().getState());
        assertEquals(SessionState.SESSION_STATE_INTERRUPTED, listedAfter.get(running).getSummary().getState());
        assertEquals(List.of("host-1"), interrupted.getHostIdsList());

        ExperimentRecord ended = experiment(channel, endedExperiment);
        assertArrayEquals(endedBefore, ended.toByteArray(), endedExperiment + " is not as before");
        assertEquals(streamed, ended.getFinished(), "the texts are those streamed before the kill");
        ExperimentRecord cut = experiment(channel, runningExperiment);
        assertEquals("interrupted", cut.getStatus());
        assertEquals(false, cut.hasFinished());
        Map<String, String> listedExperiments = new LinkedHashMap<>();
        experiments(channel).listExperiments(ListExperimentsRequest.getDefaultInstance()).getExperimentsList()
            .forEach(r -> listedExperiments.put(r.getExperimentId(), r.getStatus()));
        assertEquals(Map.of(runningExperiment, "interrupted", endedExperiment, "completed"), listedExperiments);

        // the fleet provisioned through the API is back, its guests as they were (the experiments' hosts too,
        // compared elsewhere: the one running at the kill comes back as its last snapshot left it)
        Map<String, Host> hostsAfter = hostsAsTheyAre(channel);
        hostsAfter.keySet().removeIf(id -> id.startsWith(ENDED_GROUP + "-") || id.startsWith(RUNNING_GROUP + "-"));
        assertEquals(hostsBefore, hostsAfter);
        List<SessionUpdate> onApiHosts = new ArrayList<>();
        sessions(channel).startSession(StartSessionRequest.newBuilder().setHosts(HostSelector.newBuilder()
            .setLabels(LabelSelector.newBuilder().putMatchLabels("team", "kernel"))).setArgv(Argv.newBuilder()
            .addAllArgs(SHORT)).build()).forEachRemaining(onApiHosts::add);
        Session apiSession = get(channel, onApiHosts.get(0).getStarted().getSessionId(), SessionView.SESSION_VIEW_FULL);
        assertEquals(SessionState.SESSION_STATE_FINISHED, apiSession.getSummary().getState());
        assertEquals(List.of("api-0", "api-1"), apiSession.getHostResultsList().stream()
            .map(HostSessionResult::getHostId).sorted().toList());
        for (HostSessionResult r : apiSession.getHostResultsList()) {
          assertEquals("", r.getNodeError(), r.getHostId());
          assertEquals(0, r.getPerfExitStatus(), r.getHostId() + ": " + r.getPerfMessage());
        }
        HostSessionResult onCrashed = apiSession.getHostResultsList().stream()
            .filter(r -> r.getHostId().equals("api-0")).findFirst().orElseThrow();
        assertEquals(0L, onCrashed.getSamplesPerGuestMap().values().stream().mapToLong(Long::longValue).sum(),
            "api-0's panicked guests stay down: nothing sampled in them");

        // the hosts were not left claimed, and a new session gets an id never used before
        List<SessionUpdate> next = new ArrayList<>();
        sessions(channel).startSession(session("host-1", SHORT)).forEachRemaining(next::add);
        String nextId = next.get(0).getStarted().getSessionId();
        assertNotEquals(running, nextId);
        finished.forEach(id -> assertNotEquals(id, nextId));
        assertEquals(SessionState.SESSION_STATE_FINISHED, next.get(next.size() - 1).getFinished().getState());
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  private static ExperimentServiceGrpc.ExperimentServiceBlockingStub experiments(ManagedChannel channel) {
    return ExperimentServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  private static ExperimentRecord experiment(ManagedChannel channel, String id) {
    return experiments(channel).getExperiment(GetExperimentRequest.newBuilder().setExperimentId(id).build());
  }

  private static FleetServiceGrpc.FleetServiceBlockingStub fleet(ManagedChannel channel) {
    return FleetServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  /** Two hosts with labels, three guests each, on the 2012 setup. */
  private static void provisionThroughTheApi(ManagedChannel channel) {
    fleet(channel).provisionHosts(ProvisionHostsRequest.newBuilder()
        .setIds(HostIdList.newBuilder().addIds("api-0").addIds("api-1")).putLabels("team", "kernel")
        .setKernelPolicy("3.6").setPerfGeneration("3.6").setGuestsPerHost(2).setPcpus(2).build());
  }

  /** The 2012 crash on {@code hostId}: perf 3.6's {@code cycles:p -ag} on the 3.6 kernel. */
  private static StartSessionRequest crashing(String hostId) {
    return session(hostId, List.of("perf", "record", "-e", "cycles:p", "-ag", "--", "sleep", "1"));
  }

  /**
   * Every host ListHosts lists, by id, as ListHosts shows it and then DescribeHost with its guests, without what
   * belongs to the process rather than the fleet: the cluster address (a restarted server is another cluster
   * member) and the session that last panicked a guest (not stored).
   */
  private static Map<String, Host> hostsAsTheyAre(ManagedChannel channel) {
    Map<String, Host> byId = new java.util.TreeMap<>();
    String token = "";
    do {
      ListHostsResponse page = fleet(channel).listHosts(ListHostsRequest.newBuilder().setPageToken(token).build());
      for (Host listed : page.getHostsList()) {
        Host described = fleet(channel).describeHost(DescribeHostRequest.newBuilder().setHostId(listed.getHostId())
            .build()).getHost();
        assertEquals(listed.getHealth(), described.getHealth(), listed.getHostId());
        Host.Builder kept = described.toBuilder().clearNodeAddress();
        kept.getGuestsBuilderList().forEach(Guest.Builder::clearLastPanicSessionId);
        byId.put(listed.getHostId(), kept.build());
      }
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return byId;
  }

  /** Until GetSession shows the session running on its host (bounded). */
  private static void awaitRunning(ManagedChannel channel, String id) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (get(channel, id, SessionView.SESSION_VIEW_BASIC).getSummary().getState()
        != SessionState.SESSION_STATE_RUNNING) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(id + " never ran");
      }
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // poll interval, not a wait for time
    }
  }
}
