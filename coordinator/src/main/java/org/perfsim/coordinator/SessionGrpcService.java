package org.perfsim.coordinator;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.TimeUnit;
import org.perfsim.api.v1.CancelSessionRequest;
import org.perfsim.api.v1.GetSessionRequest;
import org.perfsim.api.v1.ListSessionsRequest;
import org.perfsim.api.v1.ListSessionsResponse;
import org.perfsim.api.v1.Session;
import org.perfsim.api.v1.SessionServiceGrpc;
import org.perfsim.api.v1.SessionState;
import org.perfsim.api.v1.SessionUpdate;
import org.perfsim.api.v1.SessionView;
import org.perfsim.api.v1.StartSessionRequest;
import org.perfsim.coordinator.core.CoreError;
import org.perfsim.coordinator.core.HostResult;
import org.perfsim.coordinator.core.Limits;
import org.perfsim.coordinator.core.SessionCoordinator;
import org.perfsim.coordinator.core.SessionRegistry;
import org.perfsim.coordinator.core.SessionSummary;
import org.perfsim.coordinator.core.TrackedSession;

/**
 * perfsim.v1.SessionService. A session belongs to the server: a client that goes away, or whose deadline
 * passes, stops watching it, not the session (CancelSession stops it).
 */
public final class SessionGrpcService extends SessionServiceGrpc.SessionServiceImplBase {
  private final SessionCoordinator coordinator;

  public SessionGrpcService(SessionCoordinator coordinator) {
    this.coordinator = coordinator;
  }

  @Override
  public void startSession(StartSessionRequest request, StreamObserver<SessionUpdate> observer) {
    ServerCallStreamObserver<SessionUpdate> call = (ServerCallStreamObserver<SessionUpdate>) observer;
    TrackedSession session;
    try {
      session = coordinator.start(ApiRequests.session(request));
    } catch (RuntimeException e) {
      observer.onError(Rpc.status(e, Context.current().getDeadline()));
      return;
    }
    Watcher watcher = new Watcher(call);
    call.setOnCancelHandler(() -> session.unlisten(watcher));
    call.onNext(SessionUpdate.newBuilder().setStarted(ApiMessages.started(session.started())).build());
    session.listen(watcher);
  }

  /** Streams one session's updates to one client; called under the session's lock, so in order. */
  private static final class Watcher implements TrackedSession.Listener {
    private final ServerCallStreamObserver<SessionUpdate> call;

    Watcher(ServerCallStreamObserver<SessionUpdate> call) {
      this.call = call;
    }

    @Override
    public void hostResult(TrackedSession session, HostResult result, SessionSummary.Progress progress) {
      send(SessionUpdate.newBuilder().setHostResult(ApiMessages.hostResult(result)).build());
      send(SessionUpdate.newBuilder().setProgress(ApiMessages.progress(progress)).build());
    }

    @Override
    public void finished(TrackedSession session) {
      send(SessionUpdate.newBuilder().setFinished(ApiMessages.summary(session.summary())).build());
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
    Rpc.now(observer, () -> ApiMessages.session(coordinator.lookup(request.getSessionId()),
        request.getView() == SessionView.SESSION_VIEW_FULL));
  }

  @Override
  public void listSessions(ListSessionsRequest request, StreamObserver<ListSessionsResponse> observer) {
    Rpc.now(observer, () -> {
      int pageSize = Limits.pageSize(request.getPageSize(), Limits.SESSIONS_PAGE_SIZE);
      SessionState state = request.getState();
      if (state == SessionState.UNRECOGNIZED) {
        throw CoreError.invalid("state", "unknown session state " + request.getStateValue());
      }
      SessionRegistry.Page page = coordinator.registry().list(pageSize, request.getPageToken(),
          s -> state == SessionState.SESSION_STATE_UNSPECIFIED || ApiMessages.sessionState(s.state()) == state);
      return ListSessionsResponse.newBuilder().setNextPageToken(page.nextPageToken())
          .addAllSessions(page.sessions().stream().map(s -> ApiMessages.session(s, false)).toList()).build();
    });
  }

  @Override
  public void cancelSession(CancelSessionRequest request, StreamObserver<Session> observer) {
    Deadline deadline = Context.current().getDeadline();
    Rpc.unary(observer, () -> {
      TrackedSession session = coordinator.cancel(request.getSessionId());
      long waitNanos = Limits.CANCEL_WAIT.toNanos();
      if (deadline != null) {
        // answer just before the deadline with what is known then, rather than not at all
        waitNanos = Math.min(waitNanos, deadline.timeRemaining(TimeUnit.NANOSECONDS) * 9 / 10);
      }
      // answers with what is known once every host reported, or when the wait is over
      return session.done().thenApply(s -> s).completeOnTimeout(session, Math.max(0, waitNanos), TimeUnit.NANOSECONDS)
          .thenApply(s -> ApiMessages.session(s, true));
    });
  }
}
