package org.perfsim.coordinator;

import java.util.concurrent.TimeoutException;
import org.perfsim.api.v1.ProvisionHostsRequest;
import org.perfsim.host.EmbeddedFleet;

/** A coordinator with its own single-JVM fleet, its first hosts provisioned: what {@code perfsim serve} runs. */
public final class EmbeddedCoordinator implements AutoCloseable {

  /** The hosts provisioned at start, all alike; {@code hosts} 0 starts an empty fleet. */
  public record InitialFleet(int hosts, int guests, String cpu, String kernel, String perfVersion, int pcpus) {
    /** 4 hosts x 4 guests of the 2012 setup: Ivy Bridge, a 3.6 kernel, today's perf. */
    public static final InitialFleet DEFAULT = new InitialFleet(4, 4, "ivybridge", "3.6", "6.1", 4);

    ProvisionHostsRequest request() {
      return ProvisionHostsRequest.newBuilder().setCount(hosts).setGuestsPerHost(guests).setCpuModel(cpu)
          .setKernelPolicy(kernel).setPerfGeneration(perfVersion).setPcpus(pcpus).build();
    }
  }

  private final EmbeddedFleet fleet;
  private final CoordinatorServer server;

  private EmbeddedCoordinator(EmbeddedFleet fleet, CoordinatorServer server) {
    this.fleet = fleet;
    this.server = server;
  }

  /**
   * Starts the fleet, then the server, then provisions {@code initial} through the API's own checks (an
   * {@link ApiError} names a bad field); on any failure whatever started is stopped again.
   */
  public static EmbeddedCoordinator start(CoordinatorServer.Options options, InitialFleet initial)
      throws TimeoutException {
    EmbeddedFleet fleet = EmbeddedFleet.start();
    CoordinatorServer server = null;
    try {
      server = CoordinatorServer.start(fleet, options);
      if (initial.hosts() > 0) {
        server.fleetService().provision(initial.request()).join();
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
