package org.perfsim.monitoring;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.perfsim.api.v1.Argv;
import org.perfsim.api.v1.GetSessionRequest;
import org.perfsim.api.v1.HostSelector;
import org.perfsim.api.v1.SessionServiceGrpc;
import org.perfsim.api.v1.SessionSummary;
import org.perfsim.api.v1.SessionUpdate;
import org.perfsim.api.v1.StartSessionRequest;

/**
 * The 2012 cascade through a running coordinator's public API: the hosts' 3.6 perf binary runs
 * {@code perf record -e cycles:p -ag -- sleep 10} on every host, and on the default kernel-3.6 fleet every
 * guest panics. Also makes one call that fails, so gRPC series with a non-OK status exist.
 */
final class CascadingSession implements AutoCloseable {

  static final List<String> ARGV = List.of("perf", "record", "-e", "cycles:p", "-ag", "--", "sleep", "10");
  static final String PERF_GENERATION = "3.6";

  private final ManagedChannel channel;

  CascadingSession(String target) {
    channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
  }

  /** Runs the session on every host and returns its summary (the stream's last update). */
  SessionSummary runOnAllHosts() {
    StartSessionRequest request = StartSessionRequest.newBuilder()
        .setHosts(HostSelector.newBuilder().setAll(true))
        .setArgv(Argv.newBuilder().addAllArgs(ARGV))
        .setPerfGeneration(PERF_GENERATION)
        .build();
    Iterator<SessionUpdate> updates = SessionServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(120, TimeUnit.SECONDS).startSession(request);
    SessionSummary summary = null;
    while (updates.hasNext()) {
      SessionUpdate update = updates.next();
      if (update.hasFinished()) {
        summary = update.getFinished();
      }
    }
    if (summary == null) {
      throw new IllegalStateException("StartSession's stream ended without a finished summary");
    }
    return summary;
  }

  /** GetSession for an id no session has: the status the server answered (NOT_FOUND expected). */
  Status.Code getUnknownSession() {
    try {
      SessionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
          .getSession(GetSessionRequest.newBuilder().setSessionId("no-such-session").build());
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
