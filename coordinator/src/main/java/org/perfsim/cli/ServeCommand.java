package org.perfsim.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.perfsim.access.ClusterTls;
import org.perfsim.access.ServerAccess;
import java.util.concurrent.CountDownLatch;
import org.perfsim.coordinator.CoordinatorServer;
import org.perfsim.coordinator.EmbeddedCoordinator;
import org.perfsim.coordinator.core.store.SessionStore;
import org.perfsim.metrics.MetricsHttpServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code perfsim serve}: the gRPC coordinator over its own fleet, with /metrics, until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Runs the gRPC coordinator (perfsim.v1, health, reflection) over an embedded fleet, and "
            + "Prometheus /metrics with /alive and /ready, until interrupted.",
        "Other verbs reach it with --target."})
public final class ServeCommand implements Callable<Integer> {
  @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDR",
      description = "address both servers listen on (default ${DEFAULT-VALUE}: this machine only); any other "
          + "address needs --tokens-file or --tls-client-ca")
  String bind;

  @Option(names = "--grpc-port", defaultValue = "50051", description = "gRPC port; 0 picks a free one (default ${DEFAULT-VALUE})")
  int grpcPort;

  @Option(names = "--metrics-port", defaultValue = "9464",
      description = "port of /metrics, /alive, /ready; 0 picks a free one (default ${DEFAULT-VALUE})")
  int metricsPort;

  @Option(names = "--max-hosts", defaultValue = "10000", description = "hosts the fleet may grow to (default ${DEFAULT-VALUE})")
  int maxHosts;

  @Option(names = "--hosts", description = "hosts provisioned at start (default 4)")
  Integer hosts;

  @Option(names = "--seed-nodes", split = ",", paramLabel = "HOST:PORT",
      description = "join (or, naming this node's own --cluster-hostname:--cluster-port first, seed) a cluster of "
          + "host nodes through these (comma-separated or repeated); none: a fleet of its own that host nodes may join")
  List<String> seedNodes = List.of();

  @Option(names = "--cluster-hostname", defaultValue = "127.0.0.1",
      description = "the fleet node's cluster address, the one host nodes dial (default ${DEFAULT-VALUE})")
  String clusterHostname;

  @Option(names = "--cluster-port", defaultValue = "0",
      description = "the fleet node's cluster port; 0 picks a free one, printed (default ${DEFAULT-VALUE})")
  int clusterPort;

  @Mixin InitialFleetOptions initial;

  @Mixin ServerAccessOptions accessOptions;

  @Mixin ClusterTlsOptions clusterTls;

  @Mixin StoreOptions storeOptions;

  @Option(names = "--audit-log", paramLabel = "FILE",
      description = "also append the audit lines (one per mutating call) to FILE; they always go to the log")
  Path auditLog;

  @Override
  public Integer call() throws Exception {
    Choices.port(grpcPort, "--grpc-port");
    Choices.port(metricsPort, "--metrics-port");
    Choices.port(clusterPort, "--cluster-port");
    HostNodeCommand.checkSeedNodes(seedNodes);
    if (maxHosts < 1) {
      throw new Choices.BadChoice("--max-hosts: must be at least 1, got " + maxHosts);
    }
    ServerAccess access = ServerAccessOptions.checkedBind(accessOptions.access(System.err), bind, "--bind");
    Optional<ClusterTls> tls = clusterTls.checkedBind(clusterHostname, "--cluster-hostname");
    EmbeddedCoordinator.InitialFleet fleet = initial.fleet(hosts, "--hosts");
    SessionStore store = storeOptions.open();
    CoordinatorServer.Options options = CoordinatorServer.Options.defaults(bind, grpcPort).withMaxHosts(maxHosts)
        .withAccess(access, Optional.ofNullable(auditLog))
        .withKernelPolicies(initial.policies()).withSessionStore(store);
    EmbeddedCoordinator coordinator;
    try {
      coordinator = EmbeddedCoordinator.start(options, fleet,
          new EmbeddedCoordinator.ClusterSeat(clusterHostname, clusterPort, seedNodes, tls));
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    MetricsHttpServer metrics;
    try {
      metrics = MetricsHttpServer.start(bind, metricsPort, coordinator.fleet().node().system(), access);
    } catch (RuntimeException e) {
      coordinator.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      metrics.close();
      coordinator.close();
      stopped.countDown();
    }, "serve-shutdown"));
    System.out.println("perfsim serve: gRPC perfsim.v1 listening on " + bind + ":" + coordinator.server().port()
        + " (clients: --target " + coordinator.server().target() + ")");
    System.out.println("perfsim serve: metrics on " + metrics.url());
    System.out.println("perfsim serve: cluster node " + coordinator.fleet().node().address()
        + (seedNodes.isEmpty() ? "" : " joined through " + String.join(",", seedNodes))
        + " (host nodes join with --seed-nodes " + coordinator.fleet().seedNode() + ")"
        + "; cluster port: " + (tls.isPresent() ? "mutual TLS" : "plaintext, loopback only"));
    System.out.println("perfsim serve: " + describe(access));
    System.out.println("perfsim serve: " + storeOptions.describe());
    System.out.println("perfsim serve: " + (coordinator.restoredHosts() > 0
        ? "fleet of " + coordinator.restoredHosts() + " hosts brought back from the store as they were (the fleet"
            + " options shape an empty store only)"
        : "fleet of " + fleet.hosts() + " hosts x " + fleet.guests() + " guests (" + fleet.cpu() + ", kernel "
            + fleet.kernel() + ", perf " + fleet.perfVersion() + ", " + fleet.pcpus() + " pCPUs)") + "; Ctrl-C stops");
    if (!options.kernelPolicies().userPolicies().isEmpty()) {
      System.out.println("perfsim serve: user kernel policies: " + options.kernelPolicies().userPolicies().stream()
          .map(org.perfsim.kernel.KernelPolicy::id).collect(java.util.stream.Collectors.joining(", ")));
    }
    System.out.flush();
    HostNodeCommand.logMembership(coordinator.fleet().node(), "perfsim serve");
    stopped.await();
    return 0;
  }

  /** What a caller needs, without any token. */
  private static String describe(ServerAccess access) {
    String tls = access.tls().map(t -> t.requiresClientCertificates() ? "TLS with client certificates" : "TLS")
        .orElse("plaintext");
    return access.tokens().map(t -> tls + ", " + t.size() + " bearer tokens required (health open)")
        .orElse(access.isOpen() ? tls + ", no tokens: every local user may call it (so it listens on loopback only)"
            : tls + ", no tokens: callers are named by their client certificates");
  }
}
