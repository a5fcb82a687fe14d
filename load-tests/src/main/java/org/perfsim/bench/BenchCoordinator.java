package org.perfsim.bench;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.lang.management.ManagementFactory;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.perfsim.api.v1.Argv;
import org.perfsim.api.v1.HostSelector;
import org.perfsim.api.v1.SessionServiceGrpc;
import org.perfsim.api.v1.SessionSummary;
import org.perfsim.api.v1.SessionUpdate;
import org.perfsim.api.v1.StartSessionRequest;
import org.perfsim.coordinator.CoordinatorServer;
import org.perfsim.coordinator.EmbeddedCoordinator.InitialFleet;
import org.perfsim.coordinator.core.ProvisionRequest;
import org.perfsim.host.EmbeddedFleet;

/**
 * The path {@code perfsim run --fleet-hosts N} takes, with the host cap raised through
 * {@link CoordinatorServer.Options#withMaxHosts} (what {@code serve --max-hosts} sets): a coordinator on the
 * in-process transport over a fleet, its hosts provisioned through the API's use cases, one fleet-wide
 * session over gRPC.
 */
final class BenchCoordinator implements AutoCloseable {
  private final EmbeddedFleet fleet;
  private final CoordinatorServer server;
  private final ManagedChannel channel;

  private BenchCoordinator(EmbeddedFleet fleet, CoordinatorServer server, ManagedChannel channel) {
    this.fleet = fleet;
    this.server = server;
    this.channel = channel;
  }

  /** A coordinator over {@code fleet} (started by the caller, closed with this) that may hold {@code maxHosts}. */
  static BenchCoordinator over(EmbeddedFleet fleet, int maxHosts) {
    String name = "perfsim-bench-" + UUID.randomUUID();
    CoordinatorServer server = CoordinatorServer.inProcess(fleet, name,
        CoordinatorServer.Options.defaults("", 0).withMaxHosts(Math.max(maxHosts, 1)));
    return new BenchCoordinator(fleet, server, InProcessChannelBuilder.forName(name).build());
  }

  static BenchCoordinator start(int maxHosts) throws TimeoutException {
    return over(EmbeddedFleet.start(), maxHosts);
  }

  /** Provisions {@code initial} and reports each host that comes up; returns the wall seconds it took. */
  double provision(InitialFleet initial, Runnable hostUp) {
    long start = System.nanoTime();
    server.fleet().provision(ProvisionRequest.count(initial.hosts(), initial.guests(), initial.cpu(),
        initial.kernel(), initial.perfVersion(), initial.pcpus()), hostUp).join();
    return (System.nanoTime() - start) / 1e9;
  }

  /** One session on every host, watched to its end; progress lines go to {@code progress}. */
  SessionSummary runOnAllHosts(List<String> argv, long deadlineSeconds, AtomicInteger hostsDone) {
    Iterator<SessionUpdate> updates = SessionServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS)
        .startSession(StartSessionRequest.newBuilder().setHosts(HostSelector.newBuilder().setAll(true))
            .setArgv(Argv.newBuilder().addAllArgs(argv)).build());
    SessionSummary summary = null;
    while (updates.hasNext()) {
      SessionUpdate update = updates.next();
      switch (update.getUpdateCase()) {
        case PROGRESS -> hostsDone.set(update.getProgress().getHostsDone());
        case FINISHED -> summary = update.getFinished();
        default -> { }
      }
    }
    if (summary == null) {
      throw new IllegalStateException("the session stream ended without a summary");
    }
    return summary;
  }

  EmbeddedFleet fleet() {
    return fleet;
  }

  CoordinatorServer server() {
    return server;
  }

  ManagedChannel channel() {
    return channel;
  }

  /** Heap in use after a full collection (several, until it stops shrinking). */
  static long heapAfterGc() {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      if (used >= best) {
        break;
      }
      best = used;
    }
    return best;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.close();
    fleet.close();
  }
}
