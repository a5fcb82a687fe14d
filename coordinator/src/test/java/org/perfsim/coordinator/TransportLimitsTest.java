package org.perfsim.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.perfsim.coordinator.LoopbackCoordinator.assertContains;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perfsim.api.v1.AbiServiceGrpc;
import org.perfsim.api.v1.CancelSessionRequest;
import org.perfsim.api.v1.EncodeEventsRequest;
import org.perfsim.api.v1.HostIdList;
import org.perfsim.api.v1.HostSelector;
import org.perfsim.api.v1.OpenAttrRequest;
import org.perfsim.api.v1.SessionServiceGrpc;
import org.perfsim.api.v1.SessionState;
import org.perfsim.api.v1.SessionUpdate;
import org.perfsim.api.v1.StartSessionRequest;
import org.perfsim.coordinator.core.Limits;

/**
 * The coordinator's bounds over the transport {@code serve} uses: Netty on 127.0.0.1 in this JVM, a client
 * over TCP. A message past {@link Limits#MAX_MESSAGE_BYTES} is RESOURCE_EXHAUSTED and the server stays
 * healthy; past {@link Limits#MAX_RUNNING_SESSIONS} running sessions a new one is RESOURCE_EXHAUSTED naming the
 * limit, and once sessions end a normal one runs to its end.
 */
class TransportLimitsTest {
  private static final long CALL_SECONDS = 60;
  /** One host per running session, plus the one the refused session asks for. */
  private static final int HOSTS = Limits.MAX_RUNNING_SESSIONS + 1;

  private static EmbeddedCoordinator coordinator;
  private static ManagedChannel channel;

  @BeforeAll
  static void serveOverNetty() throws Exception {
    coordinator = EmbeddedCoordinator.start(CoordinatorServer.Options.defaults("127.0.0.1", 0),
        new EmbeddedCoordinator.InitialFleet(HOSTS, 1, "ivybridge", "3.6", "3.6", 1));
    channel = ManagedChannelBuilder.forTarget(coordinator.server().target()).usePlaintext().build();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
    if (coordinator != null) {
      coordinator.close();
    }
  }

  private static ServingStatus health() {
    return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance()).getStatus();
  }

  private static AbiServiceGrpc.AbiServiceBlockingStub abi() {
    return AbiServiceGrpc.newBlockingStub(channel).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS);
  }

  private static StartSessionRequest session(String host, String command) {
    return StartSessionRequest.newBuilder()
        .setHosts(HostSelector.newBuilder().setIds(HostIdList.newBuilder().addIds(host)))
        .setCommandLine(command).build();
  }

  @Test
  void aMessagePastTheInboundLimitIsResourceExhaustedAndTheServerStaysHealthy() {
    ByteString overLimit = ByteString.copyFrom(new byte[Limits.MAX_MESSAGE_BYTES + 1024]);
    LoopbackCoordinator.Refusal refusal = LoopbackCoordinator.refused(Status.Code.RESOURCE_EXHAUSTED,
        () -> abi().openAttr(OpenAttrRequest.newBuilder().setAttr(overLimit).build()));
    assertContains(refusal.message(), String.valueOf(Limits.MAX_MESSAGE_BYTES));

    assertEquals(ServingStatus.SERVING, health());
    assertEquals(1, abi().encodeEvents(EncodeEventsRequest.newBuilder().setEvents("cycles").build())
        .getEventsCount(), "the same connection is answered");
    ByteString underLimit = ByteString.copyFrom(new byte[Limits.MAX_MESSAGE_BYTES - 1024]);
    LoopbackCoordinator.Refusal big = LoopbackCoordinator.refused(Status.Code.INVALID_ARGUMENT,
        () -> abi().openAttr(OpenAttrRequest.newBuilder().setAttr(underLimit).build()));
    assertEquals("attr", big.field(), "a message under the limit is read, then judged by the API's own bound");
  }

  @Test
  void pastTheRunningSessionsLimitANewSessionIsResourceExhaustedAndANormalOneRunsAfterwards() throws Exception {
    SessionServiceGrpc.SessionServiceStub async = SessionServiceGrpc.newStub(channel);
    List<CompletableFuture<String>> started = new ArrayList<>();
    try {
      for (int i = 0; i < Limits.MAX_RUNNING_SESSIONS; i++) {
        started.add(startAndStopWatching(async, session("host-" + i, "perf stat -e cycles -a -- sleep 90000")));
      }
      CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).get(CALL_SECONDS * 2, TimeUnit.SECONDS);

      Iterator<SessionUpdate> refused = sessions().startSession(session("host-" + (HOSTS - 1),
          "perf stat -e cycles -a -- sleep 1"));
      StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
          refused::hasNext);
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), e.getStatus().toString());
      assertContains(e.getStatus().getDescription(), Limits.MAX_RUNNING_SESSIONS
          + " sessions are running, the most one server runs at once");
    } finally {
      cancelAll(async, started);
    }

    List<SessionUpdate> updates = new ArrayList<>();
    sessions().startSession(session("host-" + (HOSTS - 1), "perf stat -e cycles -a -- sleep 1"))
        .forEachRemaining(updates::add);
    SessionUpdate last = updates.get(updates.size() - 1);
    assertTrue(last.hasFinished(), last.toString());
    assertEquals(SessionState.SESSION_STATE_FINISHED, last.getFinished().getState());
    assertEquals(ServingStatus.SERVING, health());
  }

  private static SessionServiceGrpc.SessionServiceBlockingStub sessions() {
    return SessionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * Starts a session and stops watching once it is started (the session belongs to the server and runs on);
   * completes with its id.
   */
  private static CompletableFuture<String> startAndStopWatching(SessionServiceGrpc.SessionServiceStub async,
      StartSessionRequest request) {
    CompletableFuture<String> id = new CompletableFuture<>();
    async.withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS).startSession(request,
        new ClientResponseObserver<StartSessionRequest, SessionUpdate>() {
          private ClientCallStreamObserver<StartSessionRequest> call;

          @Override
          public void beforeStart(ClientCallStreamObserver<StartSessionRequest> requestStream) {
            call = requestStream;
          }

          @Override
          public void onNext(SessionUpdate update) {
            if (update.hasStarted() && id.complete(update.getStarted().getSessionId())) {
              call.cancel("started; the test stops watching", null);
            }
          }

          @Override
          public void onError(Throwable t) {
            id.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            id.completeExceptionally(new AssertionError("the session ended before it was cancelled"));
          }
        });
    return id;
  }

  /** Cancels every session that started, all at once, and waits for each to answer. */
  private static void cancelAll(SessionServiceGrpc.SessionServiceStub async, List<CompletableFuture<String>> started)
      throws Exception {
    List<CompletableFuture<Void>> cancelled = new ArrayList<>();
    for (CompletableFuture<String> session : started) {
      if (!session.isDone() || session.isCompletedExceptionally()) {
        continue;
      }
      CompletableFuture<Void> done = new CompletableFuture<>();
      async.withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS).cancelSession(
          CancelSessionRequest.newBuilder().setSessionId(session.join()).build(),
          new io.grpc.stub.StreamObserver<>() {
            @Override
            public void onNext(org.perfsim.api.v1.Session value) {}

            @Override
            public void onError(Throwable t) {
              done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
              done.complete(null);
            }
          });
      cancelled.add(done);
    }
    CompletableFuture.allOf(cancelled.toArray(CompletableFuture[]::new)).get(CALL_SECONDS * 2, TimeUnit.SECONDS);
  }
}
