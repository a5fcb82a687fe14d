package org.perfsim.coordinator;

import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.perfsim.coordinator.core.CoreError;
import org.perfsim.coordinator.core.Defaults;
import org.perfsim.coordinator.core.ProvisionRequest;
import org.perfsim.host.EmbeddedFleet;

/** A coordinator with its own single-JVM fleet, its first hosts provisioned: what {@code perfsim serve} runs. */
public final class EmbeddedCoordinator implements AutoCloseable {

  /** The hosts provisioned at start, all alike; {@code hosts} 0 starts an empty fleet. */
  public record InitialFleet(int hosts, int guests, String cpu, String kernel, String perfVersion, int pcpus) {
    /** The defaults of {@link Defaults}: 4 hosts x 4 guests of the 2012 setup with today's perf. */
    public static final InitialFleet DEFAULT = new InitialFleet(Defaults.INITIAL_HOSTS, Defaults.GUESTS_PER_HOST,
        Defaults.CPU, Defaults.KERNEL, Defaults.PERF, Defaults.PCPUS);

    ProvisionRequest request() {
      return ProvisionRequest.count(hosts, guests, cpu, kernel, perfVersion, pcpus);
    }
  }

  private final EmbeddedFleet fleet;
  private final CoordinatorServer server;

  private EmbeddedCoordinator(EmbeddedFleet fleet, CoordinatorServer server) {
    this.fleet = fleet;
    this.server = server;
  }

  /** {@link #start(Function, InitialFleet)} on a TCP port as {@code options} say. */
  public static EmbeddedCoordinator start(CoordinatorServer.Options options, InitialFleet initial)
      throws TimeoutException {
    return start(fleet -> CoordinatorServer.start(fleet, options), initial);
  }

  /**
   * Starts the fleet, then the server {@code serve} makes over it, then provisions {@code initial} through the
   * API's own checks (a {@link CoreError} names a bad field); on any failure whatever started is stopped again.
   */
  public static EmbeddedCoordinator start(Function<EmbeddedFleet, CoordinatorServer> serve, InitialFleet initial)
      throws TimeoutException {
    return start(serve, initial, () -> { });
  }

  /** {@link #start(Function, InitialFleet)}, telling {@code hostUp} as each first host comes up (progress). */
  public static EmbeddedCoordinator start(Function<EmbeddedFleet, CoordinatorServer> serve, InitialFleet initial,
      Runnable hostUp) throws TimeoutException {
    EmbeddedFleet fleet = EmbeddedFleet.start();
    CoordinatorServer server = null;
    try {
      server = serve.apply(fleet);
      if (initial.hosts() > 0) {
        server.fleet().provision(initial.request(), hostUp).join();
      }
      return new EmbeddedCoordinator(fleet, server);
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
