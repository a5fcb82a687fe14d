package org.perfsim.coordinator;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.perfsim.access.ClusterTls;
import org.perfsim.coordinator.core.CoreError;
import org.perfsim.coordinator.core.Defaults;
import org.perfsim.coordinator.core.ProvisionRequest;
import org.perfsim.host.EmbeddedFleet;
import org.perfsim.host.FleetConfig;
import org.perfsim.host.FleetNode;

/** A coordinator with its own single-JVM fleet, its first hosts provisioned: what {@code perfsim serve} runs. */
public final class EmbeddedCoordinator implements AutoCloseable {

  /** The hosts provisioned at start, all alike; {@code hosts} 0 starts an empty fleet. */
  public record InitialFleet(int hosts, int guests, String cpu, String kernel, String perfVersion, int pcpus,
      int perfEventParanoid) {
    /** The defaults of {@link Defaults}: 4 hosts x 4 guests of the 2012 setup with today's perf. */
    public static final InitialFleet DEFAULT = new InitialFleet(Defaults.INITIAL_HOSTS, Defaults.GUESTS_PER_HOST,
        Defaults.CPU, Defaults.KERNEL, Defaults.PERF, Defaults.PCPUS);

    /** Hosts at the default perf_event_paranoid. */
    public InitialFleet(int hosts, int guests, String cpu, String kernel, String perfVersion, int pcpus) {
      this(hosts, guests, cpu, kernel, perfVersion, pcpus, Defaults.PERF_EVENT_PARANOID);
    }

    ProvisionRequest request() {
      return ProvisionRequest.count(hosts, guests, cpu, kernel, perfVersion, pcpus)
          .withPerfEventParanoid(perfEventParanoid);
    }
  }

  private final EmbeddedFleet fleet;
  private final CoordinatorServer server;
  private final int restoredHosts;

  private EmbeddedCoordinator(EmbeddedFleet fleet, CoordinatorServer server, int restoredHosts) {
    this.fleet = fleet;
    this.server = server;
    this.restoredHosts = restoredHosts;
  }

  /** The hosts brought back from the store at start (0: the start options' fleet was provisioned instead). */
  public int restoredHosts() {
    return restoredHosts;
  }

  /** {@link #start(Function, InitialFleet)} on a TCP port as {@code options} say. */
  public static EmbeddedCoordinator start(CoordinatorServer.Options options, InitialFleet initial)
      throws TimeoutException {
    return start(fleet -> CoordinatorServer.start(fleet, options), initial);
  }

  /**
   * Where this JVM sits in the Pekko cluster: its canonical {@code hostname} and {@code port} (0: a free one)
   * and the {@code seedNodes} it joins through (none: it forms a cluster of its own), its cluster port speaking
   * mutual {@code tls} if given.
   */
  public record ClusterSeat(String hostname, int port, List<String> seedNodes, Optional<ClusterTls> tls) {
    public ClusterSeat {
      seedNodes = List.copyOf(seedNodes);
    }

    /** A seat whose cluster port speaks plaintext (loopback only). */
    public ClusterSeat(String hostname, int port, List<String> seedNodes) {
      this(hostname, port, seedNodes, Optional.empty());
    }
  }

  /** As above, the fleet's node seated in a cluster as {@code seat} says. */
  public static EmbeddedCoordinator start(CoordinatorServer.Options options, InitialFleet initial, ClusterSeat seat)
      throws TimeoutException {
    Config config = FleetNode.bind(ConfigFactory.load(), seat.hostname(), seat.port(), seat.tls());
    return start(fleet -> CoordinatorServer.start(fleet, options), initial,
        () -> EmbeddedFleet.start(FleetConfig.from(config), config, seat.seedNodes()), () -> { });
  }

  /**
   * Starts the fleet, then the server {@code serve} makes over it (which brings back a stored fleet), then, when the
   * fleet is still empty, provisions {@code initial} through the
   * API's own checks (a {@link CoreError} names a bad field); on any failure whatever started is stopped again.
   */
  public static EmbeddedCoordinator start(Function<EmbeddedFleet, CoordinatorServer> serve, InitialFleet initial)
      throws TimeoutException {
    return start(serve, initial, EmbeddedFleet::start, () -> { });
  }

  /** {@link #start(Function, InitialFleet)}, telling {@code hostUp} as each first host comes up (progress). */
  public static EmbeddedCoordinator start(Function<EmbeddedFleet, CoordinatorServer> serve, InitialFleet initial,
      Runnable hostUp) throws TimeoutException {
    return start(serve, initial, EmbeddedFleet::start, hostUp);
  }

  /** A fleet that starts its node (and may fail to join in time). */
  private interface FleetStart {
    EmbeddedFleet start() throws TimeoutException;
  }

  private static EmbeddedCoordinator start(Function<EmbeddedFleet, CoordinatorServer> serve, InitialFleet initial,
      FleetStart start, Runnable hostUp) throws TimeoutException {
    EmbeddedFleet fleet = start.start();
    CoordinatorServer server = null;
    try {
      server = serve.apply(fleet);
      int restored = server.catalog().size();
      // a restarted server with a stored fleet serves that fleet, not its start options' one
      if (initial.hosts() > 0 && restored == 0) {
        server.fleet().provision(initial.request(), hostUp).join();
      }
      return new EmbeddedCoordinator(fleet, server, restored);
    } catch (RuntimeException e) {
      if (server != null) {
        server.close();
      }
      fleet.close();
      throw e;
    }
  }

  public EmbeddedFleet fleet() {
    return fleet;
  }

  public CoordinatorServer server() {
    return server;
  }

  @Override
  public void close() {
    server.close();
    fleet.close();
  }
}
