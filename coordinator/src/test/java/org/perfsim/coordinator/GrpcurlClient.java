package org.perfsim.coordinator;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.ClientCalls;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.perfsim.api.v1.AbiServiceGrpc;
import org.perfsim.api.v1.FleetServiceGrpc;
import org.perfsim.api.v1.SessionServiceGrpc;

/**
 * Does what grpcurl does with a {@link GrpcurlCommand}: {@code list} and {@code describe} through the server's
 * reflection service, a call by parsing the {@code -d} JSON (proto3 JSON mapping, unknown fields refused) into
 * the method's request type and calling it, reading every response of a server stream. The request types come
 * from the generated descriptors of perfsim.v1 and grpc.health.v1.
 */
public final class GrpcurlClient {
  /** perfsim.v1's three services: every RPC of these must have a README example. */
  public static final List<ServiceDescriptor> PERFSIM_SERVICES = List.of(FleetServiceGrpc.getServiceDescriptor(),
      SessionServiceGrpc.getServiceDescriptor(), AbiServiceGrpc.getServiceDescriptor(),
      org.perfsim.api.v1.ExperimentServiceGrpc.getServiceDescriptor());
  private static final long CALL_SECONDS = 120;

  /** What a command ended with: its status, its description, and the responses as JSON. */
  public record Result(Status.Code code, String description, List<String> responses) {}

  private final ManagedChannel channel;

  public GrpcurlClient(ManagedChannel channel) {
    this.channel = channel;
  }

  /** Every method a command may call, by full name ({@code perfsim.v1.FleetService/ListHosts}). */
  public static Map<String, MethodDescriptor<?, ?>> methods() {
    Map<String, MethodDescriptor<?, ?>> methods = new TreeMap<>();
    List<ServiceDescriptor> services = new ArrayList<>(PERFSIM_SERVICES);
    services.add(HealthGrpc.getServiceDescriptor());
    for (ServiceDescriptor service : services) {
      service.getMethods().forEach(m -> methods.put(m.getFullMethodName(), m));
    }
    return methods;
  }

  /** Runs {@code command} against this client's channel (its address is the caller's business). */
  public Result run(GrpcurlCommand command) throws InterruptedException, TimeoutException {
    if (command.verb().equals("list") && command.symbol().isEmpty()) {
      return reflect(ServerReflectionRequest.newBuilder().setListServices("*").build());
    }
    if (!command.isCall()) {
      return reflect(ServerReflectionRequest.newBuilder().setFileContainingSymbol(command.symbol()).build());
    }
    @SuppressWarnings("unchecked")
    MethodDescriptor<Message, Message> method = (MethodDescriptor<Message, Message>) methods().get(command.verb());
    if (method == null) {
      // grpcurl: "Failed to resolve symbol"; the server would answer UNIMPLEMENTED
      return new Result(Status.Code.UNIMPLEMENTED, "no method " + command.verb() + " (known: " + methods().keySet() + ")",
          List.of());
    }
    Message request;
    try {
      request = request(method, command.data());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(command + ": grpcurl would refuse the JSON: " + e.getMessage(), e);
    }
    CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS);
    List<String> responses = new ArrayList<>();
    try {
      if (method.getType() == MethodDescriptor.MethodType.SERVER_STREAMING) {
        Iterator<Message> stream = ClientCalls.blockingServerStreamingCall(channel, method, options, request);
        while (stream.hasNext()) {
          responses.add(json(stream.next()));
        }
      } else {
        responses.add(json(ClientCalls.blockingUnaryCall(channel, method, options, request)));
      }
      return new Result(Status.Code.OK, "", responses);
    } catch (StatusRuntimeException e) {
      return new Result(e.getStatus().getCode(), e.getStatus().getDescription(), responses);
    }
  }

  /** The request {@code json} spells for {@code method}, as grpcurl builds it (an empty message without -d). */
  public static Message request(MethodDescriptor<?, ?> method, String json) throws InvalidProtocolBufferException {
    Message prototype = (Message) ((MethodDescriptor.PrototypeMarshaller<?>) method.getRequestMarshaller())
        .getMessagePrototype();
    Message.Builder builder = prototype.newBuilderForType();
    JsonFormat.parser().merge(json.isEmpty() ? "{}" : json, builder);
    return builder.build();
  }

  private static String json(Message message) {
    try {
      return JsonFormat.printer().print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print " + message.getDescriptorForType().getFullName(), e);
    }
  }

  /** One request on the reflection stream; an error response is reported as its status. */
  private Result reflect(ServerReflectionRequest request) throws InterruptedException, TimeoutException {
    ServerReflectionResponse response;
    try {
      List<ServerReflectionResponse> answers = ReflectionExchange.exchange(channel, CALL_SECONDS, request);
      if (answers.isEmpty()) {
        throw new IllegalStateException("reflection stream ended without an answer");
      }
      response = answers.get(0);
    } catch (ExecutionException e) {
      Status status = Status.fromThrowable(e.getCause());
      return new Result(status.getCode(), status.getDescription(), List.of());
    }
    if (response.hasErrorResponse()) {
      return new Result(Status.fromCodeValue(response.getErrorResponse().getErrorCode()).getCode(),
          response.getErrorResponse().getErrorMessage(), List.of());
    }
    if (response.hasListServicesResponse()) {
      return new Result(Status.Code.OK, "", response.getListServicesResponse().getServiceList().stream()
          .map(ServiceResponse::getName).sorted().toList());
    }
    return new Result(Status.Code.OK, "", List.of(response.getFileDescriptorResponse().getFileDescriptorProtoCount()
        + " file descriptors"));
  }
}
