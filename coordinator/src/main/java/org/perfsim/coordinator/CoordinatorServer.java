package org.perfsim.coordinator;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingServerInterceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.perfsim.host.EmbeddedFleet;
import org.perfsim.metrics.FleetMetrics;

/**
 * The coordinator: perfsim.v1's three services over one fleet, plus grpc.health.v1 and server reflection,
 * with message-size limits and every call counted in the fleet's metrics registry.
 */
public final class CoordinatorServer implements AutoCloseable {

  /**
   * @param bindAddress address to listen on (0.0.0.0 for every interface)
   * @param port gRPC port; 0 picks a free one
   * @param maxHosts hosts the fleet may grow to (RESOURCE_EXHAUSTED past it)
   * @param retainedSessions finished sessions kept for GetSession/ListSessions
   * @param maxMessageBytes largest request the server reads (RESOURCE_EXHAUSTED past it)
   */
  public record Options(String bindAddress, int port, int maxHosts, int retainedSessions, int maxMessageBytes) {
    public static final int DEFAULT_PORT = 50051;

    public static Options defaults(String bindAddress, int port) {
      return new Options(bindAddress, port, 10_000, 1_000, 4 << 20);
    }

    public Options withMaxHosts(int newMaxHosts) {
      return new Options(bindAddress, port, newMaxHosts, retainedSessions, maxMessageBytes);
    }
  }

  private final Server server;
  private final HealthStatusManager health;
  private final FleetCatalog catalog;
  private final FleetGrpcService fleetService;
  private final SessionCoordinator sessions;
  private final String bindAddress;

  private CoordinatorServer(Server server, HealthStatusManager health, FleetCatalog catalog,
      FleetGrpcService fleetService, SessionCoordinator sessions, String bindAddress) {
    this.server = server;
    this.health = health;
    this.catalog = catalog;
    this.fleetService = fleetService;
    this.sessions = sessions;
    this.bindAddress = bindAddress;
  }

  /** Starts serving {@code fleet}; the port is bound when this returns. */
  public static CoordinatorServer start(EmbeddedFleet fleet, Options options) {
    FleetCatalog catalog = new FleetCatalog(options.maxHosts());
    SessionCoordinator sessions = new SessionCoordinator(fleet, catalog, new SessionRegistry(options.retainedSessions()));
    FleetGrpcService fleetService = new FleetGrpcService(fleet, catalog);
    List<BindableService> services = List.of(fleetService, new SessionGrpcService(sessions), new AbiGrpcService());
    HealthStatusManager health = new HealthStatusManager();
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(options.bindAddress(), options.port()))
        .maxInboundMessageSize(options.maxMessageBytes())
        .maxInboundMetadataSize(64 << 10)
        .permitKeepAliveTime(10, TimeUnit.SECONDS)
        .intercept(new MetricCollectingServerInterceptor(FleetMetrics.get(fleet.node().system()).registry()))
        .addService(health.getHealthService())
        .addService(ProtoReflectionServiceV1.newInstance())
        // grpcurl before 1.8.8 asks only the pre-release v1alpha reflection
        .addService(legacyReflection());
    services.forEach(builder::addService);
    Server server;
    try {
      server = builder.build().start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + options.bindAddress() + ":" + options.port() + ": "
          + e.getMessage(), e);
    }
    health.setStatus("", ServingStatus.SERVING);
    for (BindableService service : services) {
      health.setStatus(service.bindService().getServiceDescriptor().getName(), ServingStatus.SERVING);
    }
    return new CoordinatorServer(server, health, catalog, fleetService, sessions, options.bindAddress());
  }

  @SuppressWarnings("deprecation")
  private static BindableService legacyReflection() {
    return io.grpc.protobuf.services.ProtoReflectionService.newInstance();
  }

  public int port() {
    return server.getPort();
  }

  /** {@code HOST:PORT} a client dials (loopback when the server listens on every interface). */
  public String target() {
    String host = bindAddress.equals("0.0.0.0") || bindAddress.equals("::") ? "127.0.0.1" : bindAddress;
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  public FleetCatalog catalog() {
    return catalog;
  }

  /** The fleet service, for provisioning a server's initial hosts through the same checks as the RPC. */
  public FleetGrpcService fleetService() {
    return fleetService;
  }

  public SessionCoordinator sessions() {
    return sessions;
  }

  /** Health turns NOT_SERVING, calls in flight get a few seconds to finish, then the rest are cut. */
  @Override
  public void close() {
    health.enterTerminalState();
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
