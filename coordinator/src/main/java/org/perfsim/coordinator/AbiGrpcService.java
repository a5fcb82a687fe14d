package org.perfsim.coordinator;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.perfsim.abi.AttrCodec;
import org.perfsim.api.v1.AbiCheckRequest;
import org.perfsim.api.v1.AbiCheckResponse;
import org.perfsim.api.v1.EncodeEventsRequest;
import org.perfsim.api.v1.EncodeEventsResponse;
import org.perfsim.api.v1.EncodedEvent;
import org.perfsim.api.v1.OpenAttrRequest;
import org.perfsim.api.v1.OpenAttrResponse;
import org.perfsim.api.v1.OpenError;
import org.perfsim.api.v1.OpenedEvent;
import org.perfsim.api.v1.RunMatrixRequest;
import org.perfsim.api.v1.RunMatrixResponse;
import org.perfsim.coordinator.core.AbiUseCases;
import org.perfsim.kernel.KernelPolicies;
import org.perfsim.kernel.OpenResult;
import org.perfsim.tool.ConfiguredEvent;

/** perfsim.v1.AbiService: each call translated to an {@link AbiUseCases} call and its answer back. No fleet. */
public final class AbiGrpcService extends org.perfsim.api.v1.AbiServiceGrpc.AbiServiceImplBase {
  private final KernelPolicies policies;

  /** A service that knows the built-in kernel policies only (and those a request defines). */
  public AbiGrpcService() {
    this(KernelPolicies.BUILT_IN);
  }

  /** @param policies the kernel policies requests may name: the built-ins and the server's user ones */
  public AbiGrpcService(KernelPolicies policies) {
    this.policies = policies;
  }

  @Override
  public void encodeEvents(EncodeEventsRequest request, StreamObserver<EncodeEventsResponse> observer) {
    Rpc.now(observer, () -> {
      EncodeEventsResponse.Builder out = EncodeEventsResponse.newBuilder();
      for (ConfiguredEvent e : AbiUseCases.encode(request.getEvents(), request.getPerfGeneration())) {
        out.addEvents(EncodedEvent.newBuilder().setName(e.name()).setAttr(ApiMessages.attr(e.attr()))
            .setBytes(ByteString.copyFrom(AttrCodec.encode(e.attr()))));
      }
      return out.build();
    });
  }

  @Override
  public void openAttr(OpenAttrRequest request, StreamObserver<OpenAttrResponse> observer) {
    Rpc.now(observer, () -> {
      OpenResult result = AbiUseCases.open(ApiRequests.open(request), policies);
      if (result instanceof OpenResult.Opened opened) {
        return OpenAttrResponse.newBuilder().setOpened(OpenedEvent.newBuilder()
            .setEventId(opened.fd()).setPrecisionAccepted(opened.event().preciseIp())
            .setCountsHost(opened.event().countsHost()).setCountsGuest(opened.event().countsGuest())
            .setUsesPebs(opened.event().usesPebs()).setKernelNote(opened.event().policyNote())
            .setAttr(ApiMessages.attr(opened.attr()))).build();
      }
      OpenResult.Failed failed = (OpenResult.Failed) result;
      return OpenAttrResponse.newBuilder().setError(OpenError.newBuilder()
          .setErrnoName(failed.errno().name()).setErrnoNumber(failed.errno().number())
          .setStrerror(failed.errno().message()).setReason(failed.reason())
          .setSizeWrittenBack(failed.sizeWrittenBack())).build();
    });
  }

  /** Runs the matrix; stops between cases once the call is cancelled (deadline or client gone). */
  @Override
  public void runMatrix(RunMatrixRequest request, StreamObserver<RunMatrixResponse> observer) {
    Context call = Context.current();
    Rpc.now(observer, () -> {
      AbiUseCases.MatrixRequest matrix = ApiRequests.matrix(request);
      RunMatrixResponse.Builder out = RunMatrixResponse.newBuilder();
      AbiUseCases.matrix(matrix, policies, done -> {
        if (call.isCancelled()) {
          throw Status.CANCELLED.withDescription("the call ended after " + done + " cases").asRuntimeException();
        }
      }).forEach(r -> out.addRows(ApiMessages.matrixRow(r)));
      return out.build();
    });
  }

  @Override
  public void abiCheck(AbiCheckRequest request, StreamObserver<AbiCheckResponse> observer) {
    Rpc.now(observer, () -> ApiMessages.abiCheck(AbiUseCases.abiCheck(ApiRequests.abiCheck(request), policies)));
  }
}
