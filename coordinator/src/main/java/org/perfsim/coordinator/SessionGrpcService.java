package org.perfsim.coordinator;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.perfsim.api.v1.CancelSessionRequest;
import org.perfsim.api.v1.GetSessionRequest;
import org.perfsim.api.v1.HostSessionResult;
import org.perfsim.api.v1.ListSessionsRequest;
import org.perfsim.api.v1.ListSessionsResponse;
import org.perfsim.api.v1.Session;
import org.perfsim.api.v1.SessionServiceGrpc;
import org.perfsim.api.v1.SessionState;
import org.perfsim.api.v1.SessionUpdate;
import org.perfsim.api.v1.SessionView;
import org.perfsim.api.v1.StartSessionRequest;

/**
 * perfsim.v1.SessionService. A session belongs to the server: a client that goes away, or whose deadline
 * passes, stops watching it, not the session (CancelSession stops it).
 */
public final class SessionGrpcService extends SessionServiceGrpc.SessionServiceImplBase {
  static final int DEFAULT_PAGE_SIZE = 50;
  /** How long CancelSession waits for the hosts to report what perf had before it answers. */
  static final Duration CANCEL_WAIT = Duration.ofSeconds(30);

  private final SessionCoordinator coordinator;

  public SessionGrpcService(SessionCoordinator coordinator) {
    this.coordinator = coordinator;
  }

  @Override
  public void startSession(StartSessionRequest request, StreamObserver<SessionUpdate> observer) {
    ServerCallStreamObserver<SessionUpdate> call = (ServerCallStreamObserver<SessionUpdate>) observer;
    TrackedSession session;
    try {
      session = coordinator.start(request);
    } catch (RuntimeException e) {
      observer.onError(Rpc.status(e, Context.current().getDeadline()));
      return;
    }
    Watcher watcher = new Watcher(call);
    call.setOnCancelHandler(() -> session.unlisten(watcher));
    call.onNext(SessionUpdate.newBuilder().setStarted(session.started()).build());
    session.listen(watcher);
  }

  /** Streams one session's updates to one client; called under the session's lock, so in order. */
  private static final class Watcher implements TrackedSession.Listener {
    private final ServerCallStreamObserver<SessionUpdate> call;

    Watcher(ServerCallStreamObserver<SessionUpdate> call) {
      this.call = call;
    }

    @Override
    public void hostResult(TrackedSession session, HostSessionResult result) {
      send(SessionUpdate.newBuilder().setHostResult(result).build());
      send(SessionUpdate.newBuilder().setProgress(session.progress()).build());
    }

    @Override
    public void finished(TrackedSession session) {
      send(SessionUpdate.newBuilder().setFinished(session.summary()).build());
      try {
        call.onCompleted();
      } catch (StatusRuntimeException | IllegalStateException gone) {
        // the client left; the session carries on without it
      }
    }

    private void send(SessionUpdate update) {
      if (call.isCancelled()) {
        return;
      }
      try {
        call.onNext(update);
      } catch (StatusRuntimeException | IllegalStateException gone) {
        // cancelled between the check and the send
      }
    }
  }

  @Override
  public void getSession(GetSessionRequest request, StreamObserver<Session> observer) {
    Rpc.now(observer, () -> coordinator.find(request.getSessionId())
        .view(request.getView() == SessionView.SESSION_VIEW_FULL));
  }

  @Override
  public void listSessions(ListSessionsRequest request, StreamObserver<ListSessionsResponse> observer) {
    Rpc.now(observer, () -> {
      int pageSize = FleetGrpcService.pageSize(request.getPageSize(), DEFAULT_PAGE_SIZE);
      SessionState state = request.getState();
      if (state == SessionState.UNRECOGNIZED) {
        throw ApiError.invalid("state", "unknown session state " + request.getStateValue());
      }
      SessionRegistry.Page page = coordinator.registry().list(pageSize, request.getPageToken(),
          s -> state == SessionState.SESSION_STATE_UNSPECIFIED || s.state() == state);
      return ListSessionsResponse.newBuilder().setNextPageToken(page.nextPageToken())
          .addAllSessions(page.sessions().stream().map(s -> s.view(false)).toList()).build();
    });
  }

  @Override
  public void cancelSession(CancelSessionRequest request, StreamObserver<Session> observer) {
    Deadline deadline = Context.current().getDeadline();
    Rpc.unary(observer, () -> {
      TrackedSession session = coordinator.cancel(request.getSessionId());
      long waitNanos = CANCEL_WAIT.toNanos();
      if (deadline != null) {
        // answer just before the deadline with what is known then, rather than not at all
        waitNanos = Math.min(waitNanos, deadline.timeRemaining(TimeUnit.NANOSECONDS) * 9 / 10);
      }
      CompletableFuture<Session> ended = session.done().thenApply(s -> s.view(true));
      return ended.completeOnTimeout(null, Math.max(0, waitNanos), TimeUnit.NANOSECONDS)
          .thenApply(view -> view != null ? view : session.view(true));
    });
  }
}
