package org.perfsim.coordinator;

import io.grpc.Channel;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One exchange on the server reflection stream (grpc.reflection.v1), as grpcurl does it: requests in, answers out. */
final class ReflectionExchange {
  private ReflectionExchange() {}

  /**
   * Sends {@code requests}, half-closes, and returns every answer once the server ends the stream; a stream
   * the server fails is an {@link ExecutionException} whose cause carries the status.
   */
  static List<ServerReflectionResponse> exchange(Channel channel, long seconds, ServerReflectionRequest... requests)
      throws InterruptedException, ExecutionException, TimeoutException {
    List<ServerReflectionResponse> answers = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Void> done = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> out = ServerReflectionGrpc.newStub(channel)
        .withDeadlineAfter(seconds, TimeUnit.SECONDS).serverReflectionInfo(new StreamObserver<>() {
          @Override
          public void onNext(ServerReflectionResponse value) {
            answers.add(value);
          }

          @Override
          public void onError(Throwable t) {
            done.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            done.complete(null);
          }
        });
    for (ServerReflectionRequest r : requests) {
      out.onNext(r);
    }
    out.onCompleted();
    done.get(seconds, TimeUnit.SECONDS);
    return List.copyOf(answers);
  }
}
