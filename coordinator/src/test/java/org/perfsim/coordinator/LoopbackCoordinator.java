package org.perfsim.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.BadRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.function.Executable;
import org.perfsim.api.v1.AbiServiceGrpc;
import org.perfsim.api.v1.FleetServiceGrpc;
import org.perfsim.api.v1.SessionServiceGrpc;

/**
 * A {@code perfsim serve} JVM on loopback and a plaintext channel to it, for the end-to-end tests: started
 * before a test class's first test and stopped after its last one, or, with a {@code sharedAs} name, kept
 * for every class asking for that name and stopped when the whole run ends (each serve JVM costs seconds).
 */
public final class LoopbackCoordinator implements BeforeAllCallback {
  /** Bounds every unary call of the tests: a hung server fails the test instead of hanging the build. */
  static final long CALL_SECONDS = 30;

  private final String sharedAs;
  private final String[] serveArgs;
  private Running running;

  /** A server only for the registering class. */
  public static LoopbackCoordinator perClass(String... serveArgs) {
    return new LoopbackCoordinator(null, serveArgs);
  }

  /** One server for every class that registers {@code name} (the first one's arguments start it). */
  public static LoopbackCoordinator shared(String name, String... serveArgs) {
    return new LoopbackCoordinator(name, serveArgs);
  }

  private LoopbackCoordinator(String sharedAs, String[] serveArgs) {
    this.sharedAs = sharedAs;
    this.serveArgs = serveArgs.clone();
  }

  /** The server process and a channel to it; closed by JUnit with the store that holds it. */
  private record Running(ServeProcess serve, ManagedChannel channel) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      serve.close();
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
      ServeProcess serve = ServeProcess.start(serveArgs);
      return new Running(serve, ManagedChannelBuilder.forTarget(serve.target()).usePlaintext().build());
    } catch (Exception e) {
      throw new IllegalStateException("cannot start perfsim serve " + String.join(" ", serveArgs), e);
    }
  }

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
