package org.perfsim.coordinator;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingServerInterceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import javax.net.ssl.SSLException;
import org.perfsim.access.ServerAccess;
import org.perfsim.access.TlsFiles;
import org.perfsim.coordinator.core.FleetCatalog;
import org.perfsim.coordinator.core.FleetHosts;
import org.perfsim.coordinator.core.FleetUseCases;
import org.perfsim.coordinator.core.Limits;
import org.perfsim.coordinator.core.PageToken;
import org.perfsim.coordinator.core.SessionCoordinator;
import org.perfsim.coordinator.core.SessionRegistry;
import org.perfsim.coordinator.core.experiment.ExperimentUseCases;
import org.perfsim.coordinator.core.store.FleetStore;
import org.perfsim.coordinator.core.store.MemoryExperimentStore;
import org.perfsim.coordinator.core.store.SessionJournal;
import org.perfsim.coordinator.core.store.SessionStore;
import org.perfsim.host.EmbeddedFleet;
import org.perfsim.host.FleetNode;
import org.perfsim.kernel.KernelPolicies;
import org.perfsim.metrics.FleetMetrics;

/**
 * The coordinator: perfsim.v1's services over one fleet, plus grpc.health.v1 and server reflection,
 * with message-size limits and every call counted in the fleet's metrics registry. It serves on whatever
 * {@link ServerBuilder} it is given: Netty on a TCP port for {@code perfsim serve}, the in-process transport
 * for the CLI's embedded mode and the service tests.
 */
public final class CoordinatorServer implements AutoCloseable {

  /**
   * @param bindAddress address to listen on (0.0.0.0 for every interface)
   * @param port gRPC port; 0 picks a free one
   * @param maxHosts hosts the fleet may grow to (RESOURCE_EXHAUSTED past it)
   * @param retainedSessions finished sessions kept for GetSession/ListSessions
   * @param maxMessageBytes largest request the server reads (RESOURCE_EXHAUSTED past it)
   * @param access tokens and TLS files ({@link ServerAccess#OPEN}: no tokens, plaintext)
   * @param auditLog a file the audit lines are appended to, besides the {@code perfsim.audit} logger
   * @param kernelPolicies the kernel policies requests may name: the built-ins and {@code serve}'s user ones
   * @param sessionStore where sessions, the fleet and experiment runs outlive the server (the server closes it);
   *     empty: memory only
   */
  public record Options(String bindAddress, int port, int maxHosts, int retainedSessions, int maxMessageBytes,
      ServerAccess access, Optional<Path> auditLog, KernelPolicies kernelPolicies, Optional<SessionStore> sessionStore) {
    public static final int DEFAULT_PORT = 50051;

    public Options(String bindAddress, int port, int maxHosts, int retainedSessions, int maxMessageBytes) {
      this(bindAddress, port, maxHosts, retainedSessions, maxMessageBytes, ServerAccess.OPEN, Optional.empty(),
          KernelPolicies.BUILT_IN, Optional.empty());
    }

    public static Options defaults(String bindAddress, int port) {
      return new Options(bindAddress, port, Limits.MAX_HOSTS, Limits.RETAINED_SESSIONS, Limits.MAX_MESSAGE_BYTES,
          ServerAccess.OPEN, Optional.empty(), KernelPolicies.BUILT_IN, Optional.empty());
    }

    public Options withMaxHosts(int newMaxHosts) {
      return new Options(bindAddress, port, newMaxHosts, retainedSessions, maxMessageBytes, access, auditLog,
          kernelPolicies, sessionStore);
    }

    public Options withAccess(ServerAccess newAccess, Optional<Path> newAuditLog) {
      return new Options(bindAddress, port, maxHosts, retainedSessions, maxMessageBytes, newAccess, newAuditLog,
          kernelPolicies, sessionStore);
    }

    public Options withKernelPolicies(KernelPolicies newKernelPolicies) {
      return new Options(bindAddress, port, maxHosts, retainedSessions, maxMessageBytes, access, auditLog,
          newKernelPolicies, sessionStore);
    }

    public Options withSessionStore(SessionStore store) {
      return new Options(bindAddress, port, maxHosts, retainedSessions, maxMessageBytes, access, auditLog,
          kernelPolicies, Optional.of(store));
    }
  }

  private final Server server;
  private final HealthStatusManager health;
  private final FleetCatalog catalog;
  private final FleetUseCases fleet;
  private final SessionCoordinator sessions;
  private final String target;
  private final AuditLog audit;
  private final Optional<SessionStore> sessionStore;

  private CoordinatorServer(Server server, HealthStatusManager health, FleetCatalog catalog, FleetUseCases fleet,
      SessionCoordinator sessions, String target, AuditLog audit, Optional<SessionStore> sessionStore) {
    this.audit = audit;
    this.sessionStore = sessionStore;
    this.server = server;
    this.health = health;
    this.catalog = catalog;
    this.fleet = fleet;
    this.sessions = sessions;
    this.target = target;
  }

  /**
   * Starts serving {@code fleet} over TCP as {@code options} say (TLS when the access names TLS files); the
   * port is bound when this returns.
   */
  public static CoordinatorServer start(EmbeddedFleet fleet, Options options) {
    String host = options.bindAddress().equals("0.0.0.0") || options.bindAddress().equals("::") ? "127.0.0.1"
        : options.bindAddress();
    NettyServerBuilder netty = NettyServerBuilder.forAddress(new InetSocketAddress(options.bindAddress(),
        options.port())).permitKeepAliveTime(10, TimeUnit.SECONDS);
    options.access().tls().ifPresent(tls -> netty.sslContext(sslContext(tls)));
    return start(fleet, netty, options,
        port -> (host.contains(":") ? "[" + host + "]" : host) + ":" + (port < 0 ? options.port() : port));
  }

  private static SslContext sslContext(TlsFiles tls) {
    try {
      SslContextBuilder builder = GrpcSslContexts.forServer(tls.certificate().toFile(), tls.privateKey().toFile());
      tls.clientCa().ifPresent(ca -> builder.trustManager(ca.toFile()).clientAuth(ClientAuth.REQUIRE));
      return builder.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot use TLS files " + tls.certificate() + ", " + tls.privateKey()
          + ": " + e.getMessage(), e);
    }
  }

  /** Starts serving {@code fleet} on the in-process transport under {@code name} (no TCP port). */
  public static CoordinatorServer inProcess(EmbeddedFleet fleet, String name, Options options) {
    return start(fleet, InProcessServerBuilder.forName(name), options, port -> name);
  }

  /**
   * Starts serving {@code fleet} on {@code builder}, whatever its transport; {@code options} give the limits
   * ({@code bindAddress} and {@code port} are the builder's business); {@code targetOf} names the server
   * from its port (-1 before it is bound, or when the transport has none).
   */
  public static CoordinatorServer start(EmbeddedFleet fleet, ServerBuilder<?> builder, Options options,
      IntFunction<String> targetOf) {
    FleetStore fleetStore = options.sessionStore().map(SessionStore::fleet).orElse(FleetStore.MEMORY_ONLY);
    FleetCatalog catalog = new FleetCatalog(options.maxHosts(), fleetStore);
    PageToken tokens = new PageToken();
    FleetHosts hosts = new FleetHosts(fleet, catalog);
    FleetUseCases fleetCases = new FleetUseCases(hosts, catalog, tokens, options.kernelPolicies());
    try {
      fleetCases.restore(fleetStore).join(); // the stored fleet is up, as it was, before anyone is served
    } catch (RuntimeException e) {
      options.sessionStore().ifPresent(SessionStore::close);
      throw e;
    }
    SessionJournal journal = options.sessionStore().<SessionJournal>map(StoredSessions::new)
        .orElseGet(SessionJournal::memoryOnly);
    SessionCoordinator sessions = new SessionCoordinator(hosts, catalog,
        new SessionRegistry(options.retainedSessions(), tokens, journal));
    List<BindableService> services = List.of(new FleetGrpcService(fleetCases), new SessionGrpcService(sessions),
        new AbiGrpcService(options.kernelPolicies()),
        new ExperimentGrpcService(new ExperimentUseCases(fleetCases, sessions, tokens,
            options.sessionStore().map(SessionStore::experiments)
                .orElseGet(() -> new MemoryExperimentStore(Limits.RETAINED_EXPERIMENTS)))));
    HealthStatusManager health = new HealthStatusManager();
    AuditLog audit = AuditLog.open(options.auditLog());
    builder.maxInboundMessageSize(options.maxMessageBytes())
        .maxInboundMetadataSize(Limits.MAX_METADATA_BYTES)
        // the last interceptor runs first: calls refused for access are counted in the metrics too
        .intercept(new AccessInterceptor(options.access(), audit))
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
      audit.close();
      options.sessionStore().ifPresent(SessionStore::close);
      throw new UncheckedIOException("cannot listen on " + targetOf.apply(-1) + ": " + e.getMessage(), e);
    }
    followMembership(fleet.node(), health, services);
    sessions.watchMembership();
    return new CoordinatorServer(server, health, catalog, fleetCases, sessions, targetOf.apply(server.getPort()),
        audit, options.sessionStore());
  }

  /**
   * gRPC health follows this node's membership: SERVING while it is an Up member of its cluster, NOT_SERVING
   * once it is downed, leaves or its actor system stops (every session would fail: the hosts are gone).
   */
  private static void followMembership(FleetNode node, HealthStatusManager health, List<BindableService> services) {
    java.util.function.Consumer<ServingStatus> set = status -> {
      health.setStatus("", status);
      services.forEach(service -> health.setStatus(service.bindService().getServiceDescriptor().getName(), status));
    };
    set.accept(node.isUp() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
    node.onMembership(change -> {
      if (change.self()) {
        set.accept(node.isUp() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
      }
    });
    node.system().getWhenTerminated().thenRun(() -> set.accept(ServingStatus.NOT_SERVING));
  }

  @SuppressWarnings("deprecation")
  private static BindableService legacyReflection() {
    return io.grpc.protobuf.services.ProtoReflectionService.newInstance();
  }

  /** The TCP port (-1 on the in-process transport). */
  public int port() {
    return server.getPort();
  }

  /** What a client dials: {@code HOST:PORT} over TCP (loopback when listening on every interface), else the in-process name. */
  public String target() {
    return target;
  }

  public FleetCatalog catalog() {
    return catalog;
  }

  /** The fleet use cases, e.g. for provisioning a server's initial hosts through the same checks as the RPC. */
  public FleetUseCases fleet() {
    return fleet;
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
    } finally {
      audit.close();
      catalog.flush();
      sessionStore.ifPresent(SessionStore::close);
    }
  }

  /** The services this server serves, health and reflection included (each method must be in {@link MethodAccess}). */
  List<io.grpc.ServerServiceDefinition> services() {
    return server.getServices();
  }
}
