package org.perfsim.coordinator;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.Optional;
import java.util.function.Function;

/**
 * A request the coordinator refuses: the gRPC status code, the request field at fault (a
 * {@code google.rpc.BadRequest} field violation in the status details) and a message that names the field,
 * the bad value and, for names, the valid ones.
 */
public final class ApiError extends RuntimeException {
  private final Status.Code code;
  private final String field;

  private ApiError(Status.Code code, String field, String message) {
    super(field.isEmpty() ? message : field + ": " + message, null, false, false);
    this.code = code;
    this.field = field;
  }

  public static ApiError invalid(String field, String message) {
    return new ApiError(Status.Code.INVALID_ARGUMENT, field, message);
  }

  public static ApiError notFound(String field, String message) {
    return new ApiError(Status.Code.NOT_FOUND, field, message);
  }

  public static ApiError alreadyExists(String field, String message) {
    return new ApiError(Status.Code.ALREADY_EXISTS, field, message);
  }

  public static ApiError failedPrecondition(String field, String message) {
    return new ApiError(Status.Code.FAILED_PRECONDITION, field, message);
  }

  public static ApiError exhausted(String field, String message) {
    return new ApiError(Status.Code.RESOURCE_EXHAUSTED, field, message);
  }

  /** {@code value}, looked up by {@code byId}; unset (empty) means {@code fallback}. */
  static <T> T named(String field, String value, String fallback, String kind,
      Function<String, Optional<T>> byId, String validIds) {
    String id = value.isEmpty() ? fallback : value;
    return byId.apply(id).orElseThrow(() -> invalid(field, "unknown " + kind + " '" + id + "' (valid: "
        + validIds + ")"));
  }

  public Status.Code code() {
    return code;
  }

  public String field() {
    return field;
  }

  /** The error as the client sees it: status, message, and the field violation in the details. */
  public StatusRuntimeException toStatus() {
    com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
        .setCode(code.value()).setMessage(getMessage());
    if (!field.isEmpty()) {
      status.addDetails(Any.pack(BadRequest.newBuilder().addFieldViolations(
          BadRequest.FieldViolation.newBuilder().setField(field).setDescription(getMessage())).build()));
    }
    return StatusProto.toStatusRuntimeException(status.build());
  }
}
