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
import org.perfsim.api.v1.ExperimentServiceGrpc;
import org.perfsim.api.v1.ExperimentUpdate;
import org.perfsim.api.v1.HostIdList;
import org.perfsim.api.v1.HostSelector;
import org.perfsim.api.v1.RunExperimentRequest;
import org.perfsim.api.v1.SessionUpdate;
import org.perfsim.api.v1.StartSessionRequest;
import org.perfsim.coordinator.core.Limits;

/** ExperimentService over the in-process transport: refusals, the stream, the kill switch. */
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
}
