package org.perfsim.cli;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import org.perfsim.access.ClusterTls;
import org.perfsim.access.ServerAccess;
import org.perfsim.host.FleetConfig;
import org.perfsim.host.FleetNode;
import org.perfsim.metrics.MetricsHttpServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code perfsim host-node --seed-nodes HOST:PORT ...}: a JVM that joins a running fleet's Pekko cluster and
 * takes a share of its hosts, until interrupted.
 */
@Command(name = "host-node", mixinStandardHelpOptions = true,
    description = "Joins a fleet's cluster and runs a share of its simulated hosts until interrupted.")
public final class HostNodeCommand implements Callable<Integer> {

  @Option(names = "--seed-nodes", split = ",", required = true, paramLabel = "HOST:PORT",
      description = "cluster nodes to join through (comma-separated or repeated)")
  List<String> seedNodes;

  @Option(names = "--hostname", defaultValue = "127.0.0.1", description = "address to bind (default ${DEFAULT-VALUE})")
  String hostname;

  @Option(names = "--port", defaultValue = "0", description = "cluster port; 0 picks a free one (default ${DEFAULT-VALUE})")
  int port;

  // 0 by default: a second host node (or serve's 9464) on the same machine must not clash; the port is printed
  @Option(names = "--metrics-port", defaultValue = "0",
      description = "port of this node's Prometheus /metrics, /alive, /ready; 0 picks a free one, printed "
          + "(default ${DEFAULT-VALUE})")
  int metricsPort;

  @Mixin ServerAccessOptions accessOptions;

  @Mixin ClusterTlsOptions clusterTls;

  /** BadChoice unless every seed is {@code HOST:PORT}. */
  static void checkSeedNodes(List<String> seeds) {
    for (String seed : seeds) {
      if (!seed.matches("[^:\\s]+:\\d{1,5}")) {
        throw new Choices.BadChoice("--seed-nodes: '" + seed + "' is not HOST:PORT");
      }
    }
  }

  /** Prints one line per membership change this node sees, prefixed {@code verb:} (the node log). */
  static void logMembership(FleetNode node, String verb) {
    node.onMembership(change -> {
      System.out.println(verb + ": " + change.line());
      System.out.flush();
    });
  }

  @Override
  public Integer call() throws TimeoutException {
    checkSeedNodes(seedNodes);
    Choices.port(port, "--port");
    Choices.port(metricsPort, "--metrics-port");
    // the metrics endpoint listens where the node does: both ports are checked against the one rule
    ServerAccess access = accessOptions.access(System.err);
    ServerAccessOptions.checkedBind(access, hostname, "--hostname", "read this node's metrics");
    Optional<ClusterTls> tls = clusterTls.checkedBind(hostname, "--hostname");
    FleetNode node = FleetNode.start(FleetNode.bind(ConfigFactory.load(), hostname, port, tls), seedNodes);
    // probes must answer (alive, not yet ready) while the node is still joining
    MetricsHttpServer metrics = MetricsHttpServer.start(hostname, metricsPort, node.system(), access);
    try {
      node.awaitUp(FleetConfig.load().askTimeout());
    } catch (TimeoutException e) {
      metrics.close();
      node.close();
      throw new TimeoutException("could not join the cluster through " + String.join(", ", seedNodes)
          + " within " + FleetConfig.load().askTimeout().toSeconds() + " s");
    }
    System.out.println("host-node up at " + node.address() + "; seed nodes " + String.join(", ", seedNodes)
        + "; metrics at " + metrics.url());
    System.out.flush();
    logMembership(node, "host-node");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      metrics.close();
      node.close();
    }, "host-node-shutdown"));
    node.system().getWhenTerminated().toCompletableFuture().join();
    return 0;
  }
}
