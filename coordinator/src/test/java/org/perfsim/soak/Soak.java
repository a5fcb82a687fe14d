package org.perfsim.soak;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.perfsim.api.v1.DescribeHostRequest;
import org.perfsim.api.v1.FleetServiceGrpc;
import org.perfsim.api.v1.GetSessionRequest;
import org.perfsim.api.v1.HostIdList;
import org.perfsim.api.v1.HostSelector;
import org.perfsim.api.v1.ListHostsRequest;
import org.perfsim.api.v1.ListHostsResponse;
import org.perfsim.api.v1.ListSessionsRequest;
import org.perfsim.api.v1.SessionServiceGrpc;
import org.perfsim.api.v1.SessionUpdate;
import org.perfsim.api.v1.StartSessionRequest;
import org.perfsim.coordinator.CoordinatorServer;
import org.perfsim.coordinator.EmbeddedCoordinator;
import org.perfsim.coordinator.core.Limits;
import org.perfsim.metrics.FleetMetrics;

/**
 * A bounded soak of one in-process coordinator: for a given wall time, one client per host runs sessions back to
 * back on its own host, one lists hosts and sessions and reads sessions back, one scrapes the metrics. It
 * counts calls and error responses, and measures what must come back to where it was: heap used after
 * {@code System.gc()}, the registry's meters (perfsim's and gRPC's), the host actors ({@code perfsim.hosts.up}) and guests, hosts
 * left running a session. The start is measured after a warm-up that fills the (small) session history, so a
 * flat heap means nothing grows beyond the bounded history. {@code SoakTest} runs it for 30 s inside
 * {@code mvn verify}; docs/PERFORMANCE.md ("Soak") gives the command for minutes.
 */
public final class Soak {
  static final int HOSTS = 3;
  static final int GUESTS_PER_HOST = 4;
  /** Small, so the history is full after the warm-up and no longer grows (the default keeps 1000). */
  static final int RETAINED_SESSIONS = 20;
  private static final long CALL_SECONDS = 60;

  /** What the fleet holds at one moment. */
  public record Snapshot(long heapUsedBytes, Set<String> meters, double hostsUp, int guests, int busyHosts,
      int threads) {
    @Override
    public String toString() {
      return String.format("heap %.1f MiB, %d meters (%d perfsim/gRPC), %.0f hosts up, %d guests, %d hosts busy, "
          + "%d threads", heapUsedBytes / 1048576.0, meters.size(), ownMeters().size(), hostsUp, guests, busyHosts,
          threads);
    }

    /**
     * The meters perfsim and the gRPC interceptor register; the JVM binders' own (a GC pause of a cause not seen
     * before, a new buffer pool) follow the JVM, not the load.
     */
    public Set<String> ownMeters() {
      return meters.stream().filter(m -> !m.startsWith("jvm.") && !m.startsWith("process.")
          && !m.startsWith("system.")).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  /** The soak's figures; {@code firstError} is empty when every call succeeded. */
  public record Result(Duration ran, long sessions, long listings, long scrapes, long errors, String firstError,
      Snapshot start, Snapshot end) {
    @Override
    public String toString() {
      return String.format("soak %d s: %d sessions, %d listings, %d scrapes, %d errors%s%n  start: %s%n  end:   %s",
          ran.toSeconds(), sessions, listings, scrapes, errors, firstError.isEmpty() ? "" : " (first: " + firstError
          + ")", start, end);
    }
  }

  private final AtomicLong sessions = new AtomicLong();
  private final AtomicLong listings = new AtomicLong();
  private final AtomicLong scrapes = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicReference<String> firstError = new AtomicReference<>("");

  private Soak() {}

  /** {@code perfsim soak}-like entry point for a run of minutes: {@code --minutes N} or {@code --seconds N}. */
  public static void main(String[] args) throws Exception {
    long seconds = 300;
    for (int i = 0; i + 1 < args.length; i += 2) {
      seconds = switch (args[i]) {
        case "--minutes" -> Long.parseLong(args[i + 1]) * 60;
        case "--seconds" -> Long.parseLong(args[i + 1]);
        default -> throw new IllegalArgumentException("usage: Soak [--minutes N | --seconds N]");
      };
    }
    Result result = run(Duration.ofSeconds(seconds));
    System.out.println(result);
    System.exit(result.errors() == 0 ? 0 : 1);
  }

  /** Runs the soak for {@code length} of load (a sixth of it, at least 5 s, is warm-up before the start figures). */
  public static Result run(Duration length) throws Exception {
    String name = "perfsim-soak-" + UUID.randomUUID();
    CoordinatorServer.Options options = new CoordinatorServer.Options("", 0, Limits.MAX_HOSTS, RETAINED_SESSIONS,
        Limits.MAX_MESSAGE_BYTES);
    try (EmbeddedCoordinator coordinator = EmbeddedCoordinator.start(
        fleet -> CoordinatorServer.inProcess(fleet, name, options),
        new EmbeddedCoordinator.InitialFleet(HOSTS, GUESTS_PER_HOST, "ivybridge", "3.6", "6.1", 4))) {
      ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
      try {
        return new Soak().load(channel, FleetMetrics.get(coordinator.fleet().node().system()).registry(), length);
      } finally {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }

  private Result load(ManagedChannel channel, PrometheusMeterRegistry registry, Duration length) throws Exception {
    Duration warmUp = Duration.ofSeconds(Math.max(5, length.toSeconds() / 6));
    runFor(channel, registry, warmUp);
    Snapshot start = snapshot(channel, registry);
    long[] before = {sessions.get(), listings.get(), scrapes.get()};
    runFor(channel, registry, length.minus(warmUp));
    Snapshot end = snapshot(channel, registry);
    return new Result(length.minus(warmUp), sessions.get() - before[0], listings.get() - before[1],
        scrapes.get() - before[2], errors.get(), firstError.get(), start, end);
  }

  /** Every client busy until {@code length} has passed; returns when all have stopped (bounded). */
  private void runFor(ManagedChannel channel, PrometheusMeterRegistry registry, Duration length) throws Exception {
    long deadline = System.nanoTime() + length.toNanos();
    ExecutorService clients = Executors.newFixedThreadPool(HOSTS + 2);
    List<Future<?>> running = new ArrayList<>();
    try {
      for (int h = 0; h < HOSTS; h++) {
        String host = "host-" + h;
        running.add(clients.submit(() -> until(deadline, () -> session(channel, host))));
      }
      running.add(clients.submit(() -> until(deadline, () -> listing(channel))));
      running.add(clients.submit(() -> until(deadline, () -> {
        registry.scrape();
        scrapes.incrementAndGet();
      })));
      for (Future<?> client : running) {
        client.get(length.toSeconds() + 2 * CALL_SECONDS, TimeUnit.SECONDS);
      }
    } finally {
      clients.shutdownNow();
    }
  }

  private void until(long deadline, Runnable call) {
    while (System.nanoTime() < deadline) {
      try {
        call.run();
      } catch (StatusRuntimeException e) {
        errors.incrementAndGet();
        firstError.compareAndSet("", e.getStatus().toString());
      }
    }
  }

  private void session(ManagedChannel channel, String host) {
    List<SessionUpdate> updates = new ArrayList<>();
    sessionService(channel).startSession(StartSessionRequest.newBuilder()
        .setHosts(HostSelector.newBuilder().setIds(HostIdList.newBuilder().addIds(host)))
        .setCommandLine(sessions.get() % 2 == 0 ? "perf record -e cycles -a -- sleep 1" : "perf stat -a -- sleep 1")
        .build()).forEachRemaining(updates::add);
    if (updates.isEmpty() || !updates.get(updates.size() - 1).hasFinished()) {
      errors.incrementAndGet();
      firstError.compareAndSet("", "a session stream ended without 'finished' on " + host);
    }
    sessions.incrementAndGet();
  }

  private void listing(ManagedChannel channel) {
    fleetService(channel).listHosts(ListHostsRequest.getDefaultInstance());
    var page = sessionService(channel).listSessions(ListSessionsRequest.getDefaultInstance());
    if (page.getSessionsCount() > 0) {
      sessionService(channel).getSession(GetSessionRequest.newBuilder().setSessionId(page.getSessions(0).getSessionId())
          .build());
    }
    listings.incrementAndGet();
  }

  private static Snapshot snapshot(ManagedChannel channel, PrometheusMeterRegistry registry) {
    ListHostsResponse hosts = fleetService(channel).listHosts(ListHostsRequest.getDefaultInstance());
    int guests = hosts.getHostsList().stream().mapToInt(h -> fleetService(channel).describeHost(
        DescribeHostRequest.newBuilder().setHostId(h.getHostId()).build()).getHost().getGuestsCount()).sum();
    int busy = (int) hosts.getHostsList().stream().filter(h -> !h.getActiveSessionId().isEmpty()).count();
    return new Snapshot(heapAfterGc(), registry.getMeters().stream()
        .map(m -> m.getId().getName() + m.getId().getTags()).collect(Collectors.toCollection(TreeSet::new)), registry.get("perfsim.hosts.up").gauge().value(),
        guests, busy, ManagementFactory.getThreadMXBean().getThreadCount());
  }

  /** The least heap used over a few collections: one System.gc() may leave garbage a concurrent phase missed. */
  private static long heapAfterGc() {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return least;
  }

  private static SessionServiceGrpc.SessionServiceBlockingStub sessionService(ManagedChannel channel) {
    return SessionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS);
  }

  private static FleetServiceGrpc.FleetServiceBlockingStub fleetService(ManagedChannel channel) {
    return FleetServiceGrpc.newBlockingStub(channel).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS);
  }
}
