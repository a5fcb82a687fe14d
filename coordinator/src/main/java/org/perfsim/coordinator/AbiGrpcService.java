package org.perfsim.coordinator;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import org.perfsim.abi.AttrCodec;
import org.perfsim.api.v1.EncodeEventsRequest;
import org.perfsim.api.v1.EncodeEventsResponse;
import org.perfsim.api.v1.EncodedEvent;
import org.perfsim.api.v1.OpenAttrRequest;
import org.perfsim.api.v1.OpenAttrResponse;
import org.perfsim.api.v1.OpenError;
import org.perfsim.api.v1.OpenedEvent;
import org.perfsim.api.v1.RunMatrixRequest;
import org.perfsim.api.v1.RunMatrixResponse;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.Kernel;
import org.perfsim.kernel.KernelPolicy;
import org.perfsim.kernel.OpenResult;
import org.perfsim.session.MatrixPlan;
import org.perfsim.session.MatrixRow;
import org.perfsim.session.MatrixRunner;
import org.perfsim.session.SeedCases;
import org.perfsim.tool.AttrBuilder;
import org.perfsim.tool.CommandLineResult;
import org.perfsim.tool.ConfiguredEvent;
import org.perfsim.tool.PerfCommandParser;

/** perfsim.v1.AbiService: the {@code attr} and {@code matrix} verbs' domain calls, over the wire. No fleet. */
public final class AbiGrpcService extends org.perfsim.api.v1.AbiServiceGrpc.AbiServiceImplBase {
  /** Cases one RunMatrix call may ask for. */
  public static final int MAX_MATRIX_CASES = 5000;
  /** Longest attr OpenAttr takes: past the kernel's 4096-byte page, but bounded. */
  static final int MAX_ATTR_BYTES = 65536;
  static final int MAX_ONLINE_CPUS = 256;

  @Override
  public void encodeEvents(EncodeEventsRequest request, StreamObserver<EncodeEventsResponse> observer) {
    Rpc.now(observer, () -> encode(request));
  }

  static EncodeEventsResponse encode(EncodeEventsRequest request) {
    if (request.getEvents().isBlank()) {
      throw ApiError.invalid("events", "required, e.g. \"cycles:pp\"");
    }
    PerfGeneration generation = ApiError.named("perf_generation", request.getPerfGeneration(), "6.1",
        "perf generation", PerfGeneration::byId, PerfGeneration.validIds());
    CommandLineResult parsed = PerfCommandParser.parse(
        List.of("perf", "record", "-e", request.getEvents(), "--", "true"), generation);
    if (parsed instanceof CommandLineResult.Rejected rejected) {
      throw ApiError.invalid("events", "perf " + generation.id() + " rejects the events:\n" + rejected.error().text());
    }
    EncodeEventsResponse.Builder out = EncodeEventsResponse.newBuilder();
    for (ConfiguredEvent e : AttrBuilder.build(((CommandLineResult.Accepted) parsed).command())) {
      if (e.role() == ConfiguredEvent.Role.USER_EVENT) {
        out.addEvents(EncodedEvent.newBuilder().setName(e.name()).setAttr(ApiMessages.attr(e.attr()))
            .setBytes(ByteString.copyFrom(AttrCodec.encode(e.attr()))));
      }
    }
    return out.build();
  }

  @Override
  public void openAttr(OpenAttrRequest request, StreamObserver<OpenAttrResponse> observer) {
    Rpc.now(observer, () -> open(request));
  }

  static OpenAttrResponse open(OpenAttrRequest request) {
    KernelPolicy policy = ApiError.named("kernel_policy", request.getKernelPolicy(), "3.6", "kernel policy",
        KernelPolicy::byId, KernelPolicy.validIds());
    CpuModel cpu = ApiError.named("cpu_model", request.getCpuModel(), "ivybridge", "CPU model", CpuModel::byId,
        CpuModel.validIds());
    int onlineCpus = request.getOnlineCpus() == 0 ? 4 : request.getOnlineCpus();
    if (onlineCpus < 1 || onlineCpus > MAX_ONLINE_CPUS) {
      throw ApiError.invalid("online_cpus", "must be within 1.." + MAX_ONLINE_CPUS + ", got "
          + Integer.toUnsignedString(request.getOnlineCpus()));
    }
    if (request.getAttr().size() > MAX_ATTR_BYTES) {
      throw ApiError.invalid("attr", request.getAttr().size() + " bytes, more than " + MAX_ATTR_BYTES);
    }
    int paranoid = request.hasPerfEventParanoid() ? request.getPerfEventParanoid() : 2;
    if (paranoid < -1 || paranoid > 3) {
      throw ApiError.invalid("perf_event_paranoid", "must be within -1..3, got " + paranoid);
    }
    Kernel kernel = new Kernel(policy, cpu, onlineCpus, paranoid, !request.getUnprivileged());
    OpenResult result = kernel.perfEventOpen(request.getAttr().toByteArray(),
        request.hasPid() ? request.getPid() : -1, request.hasCpu() ? request.getCpu() : 0,
        request.hasGroupFd() ? request.getGroupFd() : -1, request.getFlags());
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
  }

  @Override
  public void runMatrix(RunMatrixRequest request, StreamObserver<RunMatrixResponse> observer) {
    Context call = Context.current();
    Rpc.now(observer, () -> matrix(request, call));
  }

  /** Runs the matrix; stops between cases once {@code call} is cancelled (deadline or client gone). */
  static RunMatrixResponse matrix(RunMatrixRequest request, Context call) {
    List<PerfGeneration> perfs = names("perf_generations", request.getPerfGenerationsList(), "perf generation",
        PerfGeneration::byId, PerfGeneration.validIds());
    List<KernelPolicy> kernels = names("kernels", request.getKernelsList(), "kernel policy", KernelPolicy::byId,
        KernelPolicy.validIds());
    List<CpuModel> cpus = names("cpus", request.getCpusList(), "CPU model", CpuModel::byId, CpuModel.validIds());
    KernelPolicy baseline = ApiError.named("baseline", request.getBaseline(), "3.6", "kernel policy",
        KernelPolicy::byId, KernelPolicy.validIds());
    long guests = request.hasGuests() ? Integer.toUnsignedLong(request.getGuests()) : SeedCases.SEED_GUESTS;
    MatrixPlan plan;
    try {
      plan = MatrixPlan.selection(perfs, kernels.isEmpty() ? List.of(KernelPolicy.values()) : kernels, cpus,
          request.getEventsList(), (int) Math.min(guests, Integer.MAX_VALUE), request.getIdleGuests(),
          MAX_MATRIX_CASES);
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      if (message.startsWith("events:") || message.startsWith("guests:")) {
        throw ApiError.invalid(message.substring(0, message.indexOf(':')), message.substring(message.indexOf(':') + 2));
      }
      throw ApiError.exhausted("", message);
    }
    MatrixRunner runner = new MatrixRunner(baseline, request.hasSeed() ? request.getSeed() : SessionCoordinator.DEFAULT_SEED);
    List<MatrixRow> rows = runner.run(plan.sections().get(0), done -> {
      if (call.isCancelled()) {
        throw Status.CANCELLED.withDescription("the call ended after " + done + " of " + plan.caseCount()
            + " cases").asRuntimeException();
      }
    });
    RunMatrixResponse.Builder out = RunMatrixResponse.newBuilder();
    rows.forEach(r -> out.addRows(ApiMessages.matrixRow(r)));
    return out.build();
  }

  private static <T> List<T> names(String field, List<String> ids, String kind,
      java.util.function.Function<String, java.util.Optional<T>> byId, String validIds) {
    List<T> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      out.add(ApiError.named(field + "[" + i + "]", ids.get(i), "", kind, byId, validIds));
    }
    return out;
  }
}
