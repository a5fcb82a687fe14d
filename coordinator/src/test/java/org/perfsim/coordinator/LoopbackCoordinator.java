package org.perfsim.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.BadRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.protobuf.StatusProto;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.function.Executable;
import org.perfsim.api.v1.AbiServiceGrpc;
import org.perfsim.api.v1.FleetServiceGrpc;
import org.perfsim.api.v1.SessionServiceGrpc;
import org.perfsim.coordinator.core.Defaults;

/**
 * A coordinator for the API tests and a channel to it: a {@code perfsim serve} JVM on loopback (the few
 * end-to-end tests), or the same server in this JVM on the in-process transport (no port, no process).
 * Started before a test class's first test and stopped after its last one, or, with a {@code sharedAs}
 * name, kept for every class asking for that name and stopped when the whole run ends.
 */
public final class LoopbackCoordinator implements BeforeAllCallback {
  /** Bounds every unary call of the tests: a hung server fails the test instead of hanging the build. */
  static final long CALL_SECONDS = 30;

  private final String sharedAs;
  private final String[] serveArgs;
  /** In this JVM: the options and hosts of the server; null for a serve JVM. */
  private final CoordinatorServer.Options inProcess;
  private final int inProcessHosts;
  private Running running;

  /** A serve JVM only for the registering class. */
  public static LoopbackCoordinator perClass(String... serveArgs) {
    return new LoopbackCoordinator(null, serveArgs, null, 0);
  }

  /** One serve JVM for every class that registers {@code name} (the first one's arguments start it). */
  public static LoopbackCoordinator shared(String name, String... serveArgs) {
    return new LoopbackCoordinator(name, serveArgs, null, 0);
  }

  /**
   * One in-process server for every class that registers {@code name}: {@code hosts} default hosts, a fleet
   * limit of {@code maxHosts}, the default limits otherwise.
   */
  public static LoopbackCoordinator inProcess(String name, int hosts, int maxHosts) {
    return new LoopbackCoordinator(name, new String[0], CoordinatorServer.Options.defaults("", 0)
        .withMaxHosts(maxHosts), hosts);
  }

  private LoopbackCoordinator(String sharedAs, String[] serveArgs, CoordinatorServer.Options inProcess,
      int inProcessHosts) {
    this.sharedAs = sharedAs;
    this.serveArgs = serveArgs.clone();
    this.inProcess = inProcess;
    this.inProcessHosts = inProcessHosts;
  }

  /**
   * Starts the server for a caller that is no JUnit extension host (a jqwik property class); the caller closes
   * what is returned.
   */
  public AutoCloseable startAlone() {
    running = start();
    return running;
  }

  /** The server (a serve process or an embedded coordinator) and a channel to it; closed by JUnit's store. */
  private record Running(AutoCloseable server, ServeProcess serve, ManagedChannel channel) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.close();
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    ExtensionContext owner = sharedAs == null ? context : context.getRoot();
    String key = sharedAs == null ? "serve" : "serve-" + sharedAs;
    running = owner.getStore(ExtensionContext.Namespace.create(LoopbackCoordinator.class))
        .getOrComputeIfAbsent(key, k -> start(), Running.class);
  }

  private Running start() {
    try {
      if (inProcess != null) {
        String name = "perfsim-test-" + UUID.randomUUID();
        EmbeddedCoordinator.InitialFleet hosts = new EmbeddedCoordinator.InitialFleet(inProcessHosts,
            Defaults.GUESTS_PER_HOST, Defaults.CPU, Defaults.KERNEL, Defaults.PERF, Defaults.PCPUS);
        EmbeddedCoordinator embedded = EmbeddedCoordinator.start(
            fleet -> CoordinatorServer.inProcess(fleet, name, inProcess), hosts);
        return new Running(embedded, null, InProcessChannelBuilder.forName(name).build());
      }
      ServeProcess serve = ServeProcess.start(serveArgs);
      return new Running(serve, serve, ManagedChannelBuilder.forTarget(serve.target()).usePlaintext().build());
    } catch (Exception e) {
      throw new IllegalStateException("cannot start perfsim serve " + String.join(" ", serveArgs), e);
    }
  }

  /** The serve JVM's {@code HOST:PORT} (only for a serve JVM). */
  public String target() {
    return running.serve().target();
  }

  public String metricsUrl() {
    return running.serve().metricsUrl();
  }

  public ManagedChannel channel() {
    return running.channel();
  }

  public FleetServiceGrpc.FleetServiceBlockingStub fleet() {
    return FleetServiceGrpc.newBlockingStub(channel()).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS);
  }

  public SessionServiceGrpc.SessionServiceBlockingStub sessions() {
    return SessionServiceGrpc.newBlockingStub(channel()).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS);
  }

  public SessionServiceGrpc.SessionServiceStub sessionsAsync() {
    return SessionServiceGrpc.newStub(channel());
  }

  public AbiServiceGrpc.AbiServiceBlockingStub abi() {
    return AbiServiceGrpc.newBlockingStub(channel()).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS);
  }

  /** What a refused call carries: its code, its message, and the fields of its BadRequest violations. */
  public record Refusal(Status.Code code, String message, List<String> fields) {
    /** The one field at fault (fails if there is not exactly one). */
    public String field() {
      assertEquals(1, fields.size(), "field violations of: " + message);
      return fields.get(0);
    }
  }

  /** Runs {@code call}, which must fail with {@code code}; returns what the failure carries. */
  public static Refusal refused(Status.Code code, Executable call) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
    assertEquals(code, e.getStatus().getCode(), () -> "status of the call: " + e.getStatus());
    return refusal(e);
  }

  static Refusal refusal(Throwable failure) {
    Status status = Status.fromThrowable(failure);
    com.google.rpc.Status details = StatusProto.fromThrowable(failure);
    List<String> fields = details == null ? List.of() : details.getDetailsList().stream()
        .filter(any -> any.is(BadRequest.class)).flatMap(any -> {
          try {
            return any.unpack(BadRequest.class).getFieldViolationsList().stream();
          } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError("undecodable BadRequest detail", e);
          }
        }).map(BadRequest.FieldViolation::getField).toList();
    String message = status.getDescription() == null ? "" : status.getDescription();
    return new Refusal(status.getCode(), message, fields);
  }

  /** Asserts that {@code text} contains {@code part}, showing the text when it does not. */
  public static void assertContains(String text, String part) {
    assertTrue(text.contains(part), () -> "expected to contain <" + part + "> but was:\n" + text);
  }
}
