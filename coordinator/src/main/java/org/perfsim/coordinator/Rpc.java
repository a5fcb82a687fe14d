package org.perfsim.coordinator;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.pekko.pattern.AskTimeoutException;
import org.perfsim.coordinator.core.CoreError;

/**
 * How every unary call is answered: the value, or a status. A {@link CoreError} becomes its status; the
 * caller's deadline bounds the wait for the fleet (DEADLINE_EXCEEDED); a host that does not answer within
 * the fleet's ask timeout is UNAVAILABLE (safe to retry); anything else is INTERNAL with its text.
 */
final class Rpc {
  private Rpc() {}

  /** Answers with {@code call}'s value once its stage completes, within the caller's deadline. */
  static <T> void unary(StreamObserver<T> observer, Supplier<? extends CompletionStage<T>> call) {
    Deadline deadline = Context.current().getDeadline();
    CompletableFuture<T> answer;
    try {
      answer = call.get().toCompletableFuture();
    } catch (RuntimeException e) {
      observer.onError(status(e, deadline));
      return;
    }
    if (deadline != null) {
      answer = answer.orTimeout(Math.max(0, deadline.timeRemaining(TimeUnit.NANOSECONDS)), TimeUnit.NANOSECONDS);
    }
    answer.whenComplete((value, failure) -> {
      try {
        if (failure != null) {
          observer.onError(status(failure, deadline));
        } else {
          observer.onNext(value);
          observer.onCompleted();
        }
      } catch (StatusRuntimeException callAlreadyClosed) {
        // the client cancelled or its deadline passed: grpc has answered it already
      }
    });
  }

  /** Answers with a value computed on the calling thread. */
  static <T> void now(StreamObserver<T> observer, Supplier<T> call) {
    unary(observer, () -> CompletableFuture.completedFuture(call.get()));
  }

  /** The status a failure is reported with; {@code deadline} is the call's (null when it has none). */
  static StatusRuntimeException status(Throwable failure, Deadline deadline) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof CoreError refused) {
      return status(refused);
    }
    if (cause instanceof StatusRuntimeException status) {
      return status;
    }
    if (cause instanceof TimeoutException && deadline != null && deadline.isExpired()) {
      return Status.DEADLINE_EXCEEDED.withDescription("the deadline passed before the fleet answered")
          .asRuntimeException();
    }
    if (cause instanceof TimeoutException || cause instanceof AskTimeoutException) {
      return Status.UNAVAILABLE.withDescription("a host did not answer in time: " + cause.getMessage())
          .asRuntimeException();
    }
    if (cause instanceof CancellationException) {
      return Status.CANCELLED.withDescription("the call was cancelled").asRuntimeException();
    }
    return Status.INTERNAL.withDescription(cause.toString()).withCause(cause).asRuntimeException();
  }

  /** A core refusal as the client sees it: its status code, message, and the field violation in the details. */
  static StatusRuntimeException status(CoreError error) {
    com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
        .setCode(Status.Code.valueOf(error.kind().name()).value()).setMessage(error.getMessage());
    if (!error.field().isEmpty()) {
      status.addDetails(Any.pack(BadRequest.newBuilder().addFieldViolations(
          BadRequest.FieldViolation.newBuilder().setField(error.field()).setDescription(error.getMessage())).build()));
    }
    return StatusProto.toStatusRuntimeException(status.build());
  }
}
