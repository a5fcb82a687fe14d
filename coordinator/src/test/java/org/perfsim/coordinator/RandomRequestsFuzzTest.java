package org.perfsim.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ClientCalls;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.perfsim.api.v1.AbiServiceGrpc;
import org.perfsim.api.v1.Argv;
import org.perfsim.api.v1.ExperimentServiceGrpc;
import org.perfsim.api.v1.FleetServiceGrpc;
import org.perfsim.api.v1.HostSelector;
import org.perfsim.api.v1.SessionServiceGrpc;
import org.perfsim.api.v1.SessionUpdate;
import org.perfsim.api.v1.StartSessionRequest;
import org.perfsim.coordinator.core.Defaults;

/**
 * Requests of every RPC of every perfsim service, each field set at random (from the API's own vocabulary:
 * valid ids, command lines, events, attrs, experiment files; and from odd values: empty, huge, negative, NaN,
 * unknown enum numbers), over the in-process server. Each call ends OK or with a documented code and a
 * description (INVALID_ARGUMENT with a BadRequest field); never UNKNOWN, INTERNAL or a hang. Afterwards the
 * server is healthy and an ordinary session runs to its end.
 */
class RandomRequestsFuzzTest {
  /** Codes docs/API.md names for refusals; anything else (UNKNOWN, INTERNAL, DEADLINE_EXCEEDED...) is a bug. */
  private static final Set<Status.Code> DOCUMENTED = Set.of(Status.Code.OK, Status.Code.INVALID_ARGUMENT,
      Status.Code.NOT_FOUND, Status.Code.ALREADY_EXISTS, Status.Code.FAILED_PRECONDITION,
      Status.Code.RESOURCE_EXHAUSTED);
  private static final long CALL_SECONDS = 30;
  private static final List<String> STRINGS = List.of("", " ", "ivybridge", "skylake", "zen4", "3.6", "3.7-rc",
      "modern", "2026-fix", "6.1", "3.6", "host-0", "host-1", "host-9", "s-1", "s-2", "x-1", "cycles", "cycles:pp",
      "{cycles,instructions}:S", "cpu/event=0x3c,period=100/", "perf record -e cycles:p -ag -- sleep 1",
      "perf stat -a -- sleep 1", "perf record -F 1000000 -a -- sleep 1", "perf record -c 1 -- sleep 1",
      "perf record -e cycles -a -- sleep 99999999999", "record", "-a", "--", "sleep", "1", "perf",
      "0000000080000000", "perf_event_attr:\n  size 128\n  precise_ip 2\n", "perf_event_open({type=0}, -1, 0, -1, 0)",
      "title: t\nfleet:\n  - {group: web, hosts: 2}\nsteady-state-hypothesis: {guests-running-at-least: 99%}\n"
          + "method:\n  - run: perf stat -a -- sleep 1\n    selector: {mode: one}\n",
      "id: mine\nattr-abi: linux-3.8\nprecise-limit: 2012\nprecise-open: allow\nintel-vm-entry: pebs-off\n"
          + "nmi-throttle-race: false\n", "team", "web", "a=b", "\u0000", "é", "'", "\"", "/".repeat(300));
  private static final long[] NUMBERS = {0, 1, 2, 3, 4, 7, 100, 256, 257, 5000, 1L << 20, Integer.MAX_VALUE,
      0xffffffffL, -1, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE};
  private static final double[] FRACTIONS = {0, 0.5, 1, 50, 100, 100.5, -1, Double.NaN,
      Double.POSITIVE_INFINITY, 1e300};

  private static LoopbackCoordinator server;
  private static AutoCloseable running;

  @BeforeContainer
  static void startServer() throws Exception {
    // jqwik does not run JUnit extensions: the same in-process server LoopbackCoordinator starts, by hand
    server = LoopbackCoordinator.inProcess("fuzz-" + System.nanoTime(), 2, 24);
    running = server.startAlone();
  }

  @Property(tries = 400)
  void everyRpcAnswersOkOrADocumentedCodeWithADescription(@ForAll("methods") MethodDescriptor<Message, Message> rpc,
      @ForAll long seed) {
    Message request = randomMessage(prototype(rpc).newBuilderForType(), new SplittableRandom(seed), 0);
    StatusRuntimeException failure = call(rpc, request);
    if (failure == null) {
      return;
    }
    Status status = failure.getStatus();
    String what = rpc.getFullMethodName() + " " + status + " for " + request;
    assertTrue(DOCUMENTED.contains(status.getCode()), what);
    assertFalse(status.getDescription() == null || status.getDescription().isBlank(), what);
    if (status.getCode() == Status.Code.INVALID_ARGUMENT) {
      assertFalse(LoopbackCoordinator.refusal(failure).fields().isEmpty(), () -> "no BadRequest field: " + what);
    }
  }

  /** Runs after the properties: the server answers health checks and runs an ordinary session. */
  @AfterContainer
  static void theServerIsHealthyAndAnOrdinarySessionRunsThenItStops() throws Exception {
    try {
      assertEquals(HealthCheckResponse.ServingStatus.SERVING, HealthGrpc.newBlockingStub(server.channel())
          .withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance())
          .getStatus());
      List<SessionUpdate> updates = new ArrayList<>();
      server.sessions().startSession(StartSessionRequest.newBuilder().setHosts(HostSelector.newBuilder()
          .setCount(1)).setSeed(Defaults.SEED).setArgv(Argv.newBuilder().addAllArgs(List.of("perf", "stat", "-a",
          "--", "sleep", "1"))).build()).forEachRemaining(updates::add);
      assertTrue(updates.get(updates.size() - 1).hasFinished(), "" + updates);
    } finally {
      running.close();
    }
  }

  /** The failure a call ends with, null if OK; a server stream is read to its end. */
  private static StatusRuntimeException call(MethodDescriptor<Message, Message> rpc, Message request) {
    CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS);
    try {
      if (rpc.getType() == MethodDescriptor.MethodType.UNARY) {
        ClientCalls.blockingUnaryCall(server.channel(), rpc, options, request);
      } else {
        Iterator<Message> stream = ClientCalls.blockingServerStreamingCall(server.channel(), rpc, options, request);
        stream.forEachRemaining(update -> { });
      }
      return null;
    } catch (StatusRuntimeException e) {
      return e;
    }
  }

  @Provide
  @SuppressWarnings("unchecked")
  Arbitrary<MethodDescriptor<Message, Message>> methods() {
    List<MethodDescriptor<Message, Message>> methods = new ArrayList<>();
    for (ServiceDescriptor service : List.of(FleetServiceGrpc.getServiceDescriptor(),
        SessionServiceGrpc.getServiceDescriptor(), AbiServiceGrpc.getServiceDescriptor(),
        ExperimentServiceGrpc.getServiceDescriptor())) {
      service.getMethods().forEach(m -> methods.add((MethodDescriptor<Message, Message>) m));
    }
    return Arbitraries.of(methods);
  }

  private static Message prototype(MethodDescriptor<Message, Message> rpc) {
    return (Message) ((MethodDescriptor.PrototypeMarshaller<?>) rpc.getRequestMarshaller()).getMessagePrototype();
  }

  /** Sets about half of the fields (one of each oneof at most) to random values; nested messages to depth 3. */
  private static Message randomMessage(Message.Builder builder, SplittableRandom random, int depth) {
    List<OneofDescriptor> oneofsSet = new ArrayList<>();
    for (FieldDescriptor field : builder.getDescriptorForType().getFields()) {
      OneofDescriptor oneof = field.getRealContainingOneof();
      if (random.nextBoolean() || (oneof != null && oneofsSet.contains(oneof))
          || (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && depth >= 3)) {
        continue;
      }
      if (oneof != null) {
        oneofsSet.add(oneof);
      }
      if (field.isRepeated()) {
        for (int i = random.nextInt(4); i > 0; i--) {
          builder.addRepeatedField(field, value(builder, field, random, depth));
        }
      } else {
        builder.setField(field, value(builder, field, random, depth));
      }
    }
    return builder.build();
  }

  private static Object value(Message.Builder parent, FieldDescriptor field, SplittableRandom random, int depth) {
    long number = NUMBERS[random.nextInt(NUMBERS.length)];
    return switch (field.getJavaType()) {
      case STRING -> random.nextInt(8) == 0 ? randomText(random) : STRINGS.get(random.nextInt(STRINGS.size()));
      case INT -> (int) number;
      case LONG -> number;
      case BOOLEAN -> random.nextBoolean();
      case DOUBLE -> FRACTIONS[random.nextInt(FRACTIONS.length)];
      case FLOAT -> (float) FRACTIONS[random.nextInt(FRACTIONS.length)];
      case BYTE_STRING -> {
        byte[] bytes = new byte[random.nextInt(200)];
        random.nextBytes(bytes);
        yield ByteString.copyFrom(bytes);
      }
      case ENUM -> {
        EnumDescriptor type = field.getEnumType();
        yield random.nextInt(6) == 0 ? type.findValueByNumberCreatingIfUnknown(random.nextInt(-3, 1000))
            : type.getValues().get(random.nextInt(type.getValues().size()));
      }
      case MESSAGE -> randomMessage(parent.newBuilderForField(field), random, depth + 1);
    };
  }

  private static String randomText(SplittableRandom random) {
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(24); i > 0; i--) {
      text.append((char) random.nextInt(0x20, 0x2fff));
    }
    return text.toString();
  }
}
