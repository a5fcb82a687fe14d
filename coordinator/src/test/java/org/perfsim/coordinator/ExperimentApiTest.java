package org.perfsim.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.perfsim.coordinator.LoopbackCoordinator.assertContains;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perfsim.api.v1.CancelExperimentRequest;
import org.perfsim.api.v1.ExperimentEvent;
import org.perfsim.api.v1.ExperimentFinished;
import org.perfsim.api.v1.ExperimentRecord;
import org.perfsim.api.v1.ExperimentServiceGrpc;
import org.perfsim.api.v1.ExperimentUpdate;
import org.perfsim.api.v1.HostIdList;
import org.perfsim.api.v1.HostSelector;
import org.perfsim.api.v1.GetExperimentRequest;
import org.perfsim.api.v1.ListExperimentsRequest;
import org.perfsim.api.v1.ListExperimentsResponse;
import org.perfsim.api.v1.RunExperimentRequest;
import org.perfsim.api.v1.SessionUpdate;
import org.perfsim.api.v1.StartSessionRequest;
import org.perfsim.coordinator.core.Limits;

/**
 * ExperimentService over the in-process transport: refusals, the stream, the kill switch; runs recorded and read
 * back with GetExperiment and ListExperiments.
 */
class ExperimentApiTest {
  @RegisterExtension
  static final LoopbackCoordinator server = LoopbackCoordinator.inProcess("experiments", 0, Limits.MAX_HOSTS);

  /** One step that runs until cancelled: a hundred thousand simulated seconds. */
  static String longExperiment(String group) {
    return """
        title: runs until the kill switch
        fleet:
          - {group: GROUP, hosts: 2, pcpus: 1, guests-per-host: 1}
        steady-state-hypothesis: {guests-running-at-least: 100%}
        method:
          - name: long
            run: perf record -e cycles -a -- sleep 100000
            selector: {mode: all}
          - name: never reached
            run: perf stat -e cycles -a -- sleep 1
            selector: {mode: all}
        rollback: {reboot-panicked-guests: true}
        """.replace("GROUP", group);
  }

  static ExperimentServiceGrpc.ExperimentServiceBlockingStub experiments() {
    return ExperimentServiceGrpc.newBlockingStub(server.channel()).withDeadlineAfter(2, TimeUnit.MINUTES);
  }

  @Test
  void aBadFileIsInvalidArgumentNamingTheYamlPath() {
    var refusal = LoopbackCoordinator.refused(Status.Code.INVALID_ARGUMENT, () -> experiments().runExperiment(
        RunExperimentRequest.newBuilder().setFileName("x.yaml").setExperimentYaml(longExperiment("bad")
            .replace("{mode: all}\n  - name: never", "{mode: fixed, value: 0}\n  - name: never")).build())
        .hasNext());
    assertEquals("method[0].selector.value", refusal.field());
    assertEquals("x.yaml:8: method[0].selector.value: must be within 1..10000, got 0", refusal.message());
  }

  @Test
  void aFileThatIsNoMappingNamesTheRequestField() {
    // found by RandomRequestsFuzzTest: a whole-file error carried no BadRequest field
    var refusal = LoopbackCoordinator.refused(Status.Code.INVALID_ARGUMENT, () -> experiments().runExperiment(
        RunExperimentRequest.newBuilder().setFileName("a=b").setExperimentYaml("cycles:pp").build()).hasNext());
    assertEquals("experiment_yaml", refusal.field());
    assertEquals("a=b:1: must be a mapping (KEY: VALUE lines)", refusal.message());
  }

  @Test
  void theStreamCarriesTheEventsAndEndsWithTheJournal() {
    Iterator<ExperimentUpdate> updates = experiments().runExperiment(RunExperimentRequest.newBuilder()
        .setExperimentYaml(longExperiment("quick").replace("sleep 100000", "sleep 1")).setSeed(5).build());
    List<ExperimentUpdate> all = new ArrayList<>();
    updates.forEachRemaining(all::add);
    assertEquals(ExperimentUpdate.UpdateCase.STARTED, all.get(0).getUpdateCase());
    assertEquals(5, all.get(0).getStarted().getSeed());
    assertEquals(2, all.get(0).getStarted().getHosts());
    List<ExperimentEvent.Kind> kinds = all.subList(1, all.size() - 1).stream().map(u -> u.getEvent().getKind()).toList();
    assertEquals(List.of(ExperimentEvent.Kind.KIND_HYPOTHESIS_CHECKED, ExperimentEvent.Kind.KIND_STEP_STARTED,
        ExperimentEvent.Kind.KIND_STEP_FINISHED, ExperimentEvent.Kind.KIND_STEP_STARTED,
        ExperimentEvent.Kind.KIND_STEP_FINISHED, ExperimentEvent.Kind.KIND_HYPOTHESIS_CHECKED,
        ExperimentEvent.Kind.KIND_ROLLED_BACK, ExperimentEvent.Kind.KIND_HYPOTHESIS_CHECKED), kinds);
    var finished = all.get(all.size() - 1).getFinished();
    assertEquals("completed", finished.getStatus());
    assertContains(finished.getJournalJson(), "\"seed\" : 5");
    assertContains(finished.getResolvedExperimentYaml(), "seed: 5");
    assertContains(finished.getRunJson(), "\"sessionIds\"");
  }

  @Test
  void cancelIsTheKillSwitchAndLeavesNoHostClaimed() throws Exception {
    Iterator<ExperimentUpdate> updates = experiments().runExperiment(RunExperimentRequest.newBuilder()
        .setExperimentYaml(longExperiment("kill")).build());
    String id = updates.next().getStarted().getExperimentId();
    ExperimentEvent started;
    do {
      started = updates.next().getEvent();
    } while (started.getKind() != ExperimentEvent.Kind.KIND_STEP_STARTED);

    assertEquals(id, experiments().cancelExperiment(CancelExperimentRequest.newBuilder().setExperimentId(id).build())
        .getExperimentId());

    List<ExperimentUpdate> rest = new ArrayList<>();
    updates.forEachRemaining(rest::add);
    ExperimentUpdate last = rest.get(rest.size() - 1);
    assertEquals("cancelled", last.getFinished().getStatus());
    assertTrue(rest.stream().anyMatch(u -> u.getEvent().getKind() == ExperimentEvent.Kind.KIND_STEP_FINISHED
        && u.getEvent().getText().equals("cancelled")), rest.toString());
    assertTrue(rest.stream().noneMatch(u -> u.getEvent().getName().equals("never reached")), "no step after the kill");
    assertTrue(rest.stream().anyMatch(u -> u.getEvent().getKind() == ExperimentEvent.Kind.KIND_ROLLED_BACK),
        "the rollback still runs");
    assertNewSessionRuns("kill-1", "kill-2");
    LoopbackCoordinator.refused(Status.Code.NOT_FOUND, () -> experiments().cancelExperiment(
        CancelExperimentRequest.newBuilder().setExperimentId(id).build()));
  }

  @Test
  void aClientThatCancelsItsStreamPullsTheKillSwitch() throws Exception {
    LinkedBlockingQueue<ExperimentUpdate> received = new LinkedBlockingQueue<>();
    CompletableFuture<Status> closed = new CompletableFuture<>();
    Context.CancellableContext call = Context.current().withCancellation();
    call.run(() -> ExperimentServiceGrpc.newStub(server.channel()).runExperiment(RunExperimentRequest.newBuilder()
        .setExperimentYaml(longExperiment("gone")).build(), new StreamObserver<>() {
          @Override
          public void onNext(ExperimentUpdate update) {
            received.add(update);
          }

          @Override
          public void onError(Throwable t) {
            closed.complete(Status.fromThrowable(t));
          }

          @Override
          public void onCompleted() {
            closed.complete(Status.OK);
          }
        }));
    ExperimentUpdate update;
    do {
      update = received.poll(60, TimeUnit.SECONDS);
      assertTrue(update != null, "no step started within 60 s");
    } while (update.getEvent().getKind() != ExperimentEvent.Kind.KIND_STEP_STARTED);
    call.cancel(null);
    assertEquals(Status.Code.CANCELLED, closed.get(30, TimeUnit.SECONDS).getCode());
    assertNewSessionRuns("gone-1", "gone-2");
  }

  /** A session on {@code hosts} starts (no host left claimed by the experiment) and ends; waits at most 60 s. */
  private static void assertNewSessionRuns(String... hosts) throws Exception {
    StartSessionRequest request = StartSessionRequest.newBuilder()
        .setHosts(HostSelector.newBuilder().setIds(HostIdList.newBuilder().addAllIds(List.of(hosts))))
        .setCommandLine("perf stat -e cycles -a -- sleep 1").build();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        Iterator<SessionUpdate> updates = server.sessions().startSession(request);
        SessionUpdate lastUpdate = null;
        while (updates.hasNext()) {
          lastUpdate = updates.next();
        }
        assertEquals(hosts.length, lastUpdate.getFinished().getHostsDone());
        return;
      } catch (io.grpc.StatusRuntimeException busy) {
        // the experiment's cancelled session releases its hosts as they report
        if (busy.getStatus().getCode() != Status.Code.FAILED_PRECONDITION || System.nanoTime() > end) {
          throw busy;
        }
        Thread.sleep(50);
      }
    }
  }

  private static ExperimentRecord record(String id) {
    return experiments().getExperiment(GetExperimentRequest.newBuilder().setExperimentId(id).build());
  }

  /** The run's updates until a step started; the rest stays in {@code updates}. */
  private static String startedUntilAStep(Iterator<ExperimentUpdate> updates) {
    String id = updates.next().getStarted().getExperimentId();
    while (updates.next().getEvent().getKind() != ExperimentEvent.Kind.KIND_STEP_STARTED) {
      // events before the step: the hypothesis
    }
    return id;
  }

  @Test
  void aRunIsRecordedRunningThenEndedWithTheTextsItStreamed() {
    Iterator<ExperimentUpdate> updates = experiments().runExperiment(RunExperimentRequest.newBuilder()
        .setFileName("recorded.yaml").setExperimentYaml(longExperiment("record")).build());
    String id = startedUntilAStep(updates);
    ExperimentRecord running = record(id);
    assertEquals("running", running.getStatus());
    assertEquals("recorded.yaml", running.getFileName());
    assertEquals("runs until the kill switch", running.getTitle());
    assertTrue(running.hasStartTime() && !running.hasEndTime() && !running.hasFinished(), running.toString());

    experiments().cancelExperiment(CancelExperimentRequest.newBuilder().setExperimentId(id).build());
    List<ExperimentUpdate> rest = new ArrayList<>();
    updates.forEachRemaining(rest::add);
    ExperimentFinished streamed = rest.get(rest.size() - 1).getFinished();

    ExperimentRecord ended = record(id);
    assertEquals("cancelled", ended.getStatus());
    assertEquals(streamed, ended.getFinished(), "the record's texts are the stream's");
    assertEquals(running.getStartTime(), ended.getStartTime());
    assertTrue(ended.getEndTime().getSeconds() >= ended.getStartTime().getSeconds(), ended.toString());
    assertContains(streamed.getRunJson(), "\"startTime\" : \"" + java.time.Instant.ofEpochSecond(
        ended.getStartTime().getSeconds(), ended.getStartTime().getNanos()) + "\"");

    ExperimentRecord listed = listAll().stream().filter(r -> r.getExperimentId().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError(id + " not listed"));
    assertEquals(ended.toBuilder().clearFinished().build(), listed, "a listing is the record without its texts");
  }

  @Test
  void aRunThatFailsIsRecordedFailedWithItsError() throws Exception {
    Iterator<ExperimentUpdate> first = experiments().runExperiment(RunExperimentRequest.newBuilder()
        .setExperimentYaml(longExperiment("busy")).build());
    String firstId = startedUntilAStep(first);
    Iterator<ExperimentUpdate> second = experiments().runExperiment(RunExperimentRequest.newBuilder()
        .setExperimentYaml(longExperiment("busy")).build());
    String secondId = second.next().getStarted().getExperimentId();
    var refusal = LoopbackCoordinator.refused(Status.Code.FAILED_PRECONDITION, () -> second.forEachRemaining(u -> { }));
    ExperimentRecord failed = record(secondId);
    assertEquals("failed", failed.getStatus());
    assertEquals(refusal.message(), failed.getError());
    assertTrue(failed.hasEndTime() && !failed.hasFinished(), failed.toString());

    experiments().cancelExperiment(CancelExperimentRequest.newBuilder().setExperimentId(firstId).build());
    first.forEachRemaining(u -> { });
    assertEquals("cancelled", record(firstId).getStatus());
  }

  /** Every run ListExperiments pages through, one per page, checking the pages' order. */
  private static List<ExperimentRecord> listAll() {
    List<ExperimentRecord> all = new ArrayList<>();
    String token = "";
    do {
      ListExperimentsResponse page = experiments().listExperiments(ListExperimentsRequest.newBuilder().setPageSize(1)
          .setPageToken(token).build());
      assertTrue(page.getExperimentsCount() <= 1, page.toString());
      all.addAll(page.getExperimentsList());
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return all;
  }

  @Test
  void runsAreListedNewestFirstPageByPage() {
    for (int i = 0; i < 2; i++) {
      experiments().runExperiment(RunExperimentRequest.newBuilder().setExperimentYaml(longExperiment("paged")
          .replace("sleep 100000", "sleep 1")).build()).forEachRemaining(u -> { });
    }
    List<Long> numbers = listAll().stream().map(r -> Long.parseLong(r.getExperimentId().substring(2))).toList();
    assertTrue(numbers.size() >= 2, numbers.toString());
    List<Long> newestFirst = new ArrayList<>(numbers);
    newestFirst.sort(java.util.Comparator.reverseOrder());
    assertEquals(newestFirst, numbers);
    assertEquals(numbers.size(), numbers.stream().distinct().count(), "no run on two pages");
    assertEquals(numbers, experiments().listExperiments(ListExperimentsRequest.getDefaultInstance())
        .getExperimentsList().stream().map(r -> Long.parseLong(r.getExperimentId().substring(2))).toList(),
        "the default page holds them all (50)");
  }

  @Test
  void getAndListRefuseBadInputNamingTheField() {
    assertEquals("experiment_id", LoopbackCoordinator.refused(Status.Code.INVALID_ARGUMENT, () -> record(""))
        .field());
    assertEquals("experiment_id", LoopbackCoordinator.refused(Status.Code.INVALID_ARGUMENT,
        () -> record("x".repeat(Limits.MAX_ID_CHARS + 1))).field());
    var unknown = LoopbackCoordinator.refused(Status.Code.NOT_FOUND, () -> record("x-999999"));
    assertEquals("experiment_id", unknown.field());
    assertEquals("experiment_id: no experiment 'x-999999' (unknown, or aged out of the server's history)", unknown.message());
    assertEquals("page_size", LoopbackCoordinator.refused(Status.Code.INVALID_ARGUMENT, () -> experiments()
        .listExperiments(ListExperimentsRequest.newBuilder().setPageSize(-1).build())).field());
    assertEquals("page_token", LoopbackCoordinator.refused(Status.Code.INVALID_ARGUMENT, () -> experiments()
        .listExperiments(ListExperimentsRequest.newBuilder().setPageToken("not-a-token").build())).field());
    // a token of another listing is refused: each names its scope
    var fleet = org.perfsim.api.v1.FleetServiceGrpc.newBlockingStub(server.channel())
        .withDeadlineAfter(2, TimeUnit.MINUTES);
    fleet.provisionHosts(org.perfsim.api.v1.ProvisionHostsRequest.newBuilder().setIds(HostIdList.newBuilder()
        .addIds("token-1").addIds("token-2")).setPcpus(1).setGuestsPerHost(1).build());
    String hostsToken = fleet.listHosts(org.perfsim.api.v1.ListHostsRequest.newBuilder().setPageSize(1).build())
        .getNextPageToken();
    assertTrue(!hostsToken.isEmpty());
    assertEquals("page_token", LoopbackCoordinator.refused(Status.Code.INVALID_ARGUMENT, () -> experiments()
        .listExperiments(ListExperimentsRequest.newBuilder().setPageToken(hostsToken).build())).field());
  }
}
