package org.perfsim.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.perfsim.coordinator.LoopbackCoordinator.assertContains;
import static org.perfsim.coordinator.LoopbackCoordinator.refused;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perfsim.api.v1.EncodeEventsRequest;
import org.perfsim.api.v1.EncodedEvent;
import org.perfsim.api.v1.MatrixRow;
import org.perfsim.api.v1.OpenAttrRequest;
import org.perfsim.api.v1.RunMatrixResponse;
import org.perfsim.api.v1.OpenAttrResponse;
import org.perfsim.api.v1.RunMatrixRequest;
import org.perfsim.cli.PerfsimCli;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.KernelPolicy;

/** AbiService, grpc.health.v1 and server reflection, in process. */
class AbiAndStandardServicesEndToEndTest {
  @RegisterExtension
  static final LoopbackCoordinator server = LoopbackCoordinator.inProcess("fleet-abi", 0,
      FleetApiEndToEndTest.MAX_HOSTS);

  private static EncodedEvent encoded(String events, String perf) {
    return server.abi().encodeEvents(EncodeEventsRequest.newBuilder().setEvents(events).setPerfGeneration(perf)
        .build()).getEvents(0);
  }

  @Test
  void perf61EncodesCyclesPpAsA128ByteAttrExcludingTheGuest() {
    EncodedEvent e = encoded("cycles:pp", "6.1");
    assertEquals("cycles:pp", e.getName());
    assertEquals(128, e.getAttr().getSize());
    assertEquals(128, e.getBytes().size());
    assertEquals(2, e.getAttr().getPreciseIp());
    assertTrue(e.getAttr().getExcludeGuest());
  }

  @Test
  void perf36EncodesCyclesPpAsAnEightyByteAttrThatCountsTheGuest() {
    EncodedEvent e = encoded("cycles:pp", "3.6");
    assertEquals(80, e.getAttr().getSize());
    assertEquals(80, e.getBytes().size());
    assertEquals(2, e.getAttr().getPreciseIp());
    assertFalse(e.getAttr().getExcludeGuest());
    assertEquals(4000, e.getAttr().getSampleFreq());
    // the documented bytes of the 3.6 binary's attr (docs/API.md)
    assertEquals("AAAAAFAAAAAAAAAAAAAAAKAPAAAAAAAABwEAAAAAAAAHAAAAAAAAAAMXBQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        java.util.Base64.getEncoder().encodeToString(e.getBytes().toByteArray()));
  }

  @Test
  void aBadEventIsRefusedWithPerfsCaretText() {
    LoopbackCoordinator.Refusal r = refused(Status.Code.INVALID_ARGUMENT, () -> server.abi().encodeEvents(
        EncodeEventsRequest.newBuilder().setEvents("cycles:pppp").build()));
    assertEquals("events", r.field());
    assertContains(r.message(), "event syntax error: 'cycles:pppp'");
    assertContains(r.message(), "\\___");
  }

  @Test
  void openAttrTakesTheAttrAsPerfVerbosePrintedItWithTheSameAnswerAsItsBytes() {
    ByteString attr = encoded("cycles:pp", "3.6").getBytes();
    String printed = org.perfsim.tool.AttrPrinter.verbose(org.perfsim.abi.AttrCodec.decode(attr.toByteArray(),
        attr.size()));
    OpenAttrResponse fromBytes = server.abi().openAttr(OpenAttrRequest.newBuilder().setAttr(attr)
        .setKernelPolicy("3.6").build());
    OpenAttrResponse fromText = server.abi().openAttr(OpenAttrRequest.newBuilder().setAttrText(printed)
        .setKernelPolicy("3.6").build());
    assertEquals(fromBytes, fromText);
    assertEquals(2, fromText.getOpened().getPrecisionAccepted());

    LoopbackCoordinator.Refusal bad = refused(Status.Code.INVALID_ARGUMENT, () -> server.abi().openAttr(
        OpenAttrRequest.newBuilder().setAttrText("perf_event_attr:\n  size 80\n  precise_ip 7\n").build()));
    assertEquals("attr_text", bad.field());
    assertContains(bad.message(), "line 3: precise_ip: 7 is outside 0..3");
    LoopbackCoordinator.Refusal both = refused(Status.Code.INVALID_ARGUMENT, () -> server.abi().openAttr(
        OpenAttrRequest.newBuilder().setAttr(attr).setAttrText(printed).build()));
    assertEquals("attr_text", both.field());
  }

  @Test
  void theOldBinarysPreciseAttrIsEopnotsuppOnThe37rcKernelAndCountsTheGuestOn36() {
    ByteString attr = encoded("cycles:pp", "3.6").getBytes();
    OpenAttrResponse rc = server.abi().openAttr(OpenAttrRequest.newBuilder().setAttr(attr).setKernelPolicy("3.7-rc")
        .build());
    assertTrue(rc.hasError(), rc.toString());
    assertEquals("EOPNOTSUPP", rc.getError().getErrnoName());
    assertEquals(95, rc.getError().getErrnoNumber());

    OpenAttrResponse old = server.abi().openAttr(OpenAttrRequest.newBuilder().setAttr(attr).setKernelPolicy("3.6")
        .build());
    assertTrue(old.hasOpened(), old.toString());
    assertEquals(2, old.getOpened().getPrecisionAccepted());
    assertTrue(old.getOpened().getCountsGuest());
    assertTrue(old.getOpened().getUsesPebs());

    LoopbackCoordinator.Refusal bad = refused(Status.Code.INVALID_ARGUMENT, () -> server.abi().openAttr(
        OpenAttrRequest.newBuilder().setAttr(attr).setKernelPolicy("4.0").build()));
    assertEquals("kernel_policy", bad.field());
    assertContains(bad.message(), "unknown kernel policy '4.0'");
  }

  @Test
  void runMatrixRowsEqualTheMatrixVerbsJsonRows() throws Exception {
    List<MatrixRow> rows = server.abi().runMatrix(RunMatrixRequest.newBuilder().addPerfGenerations("3.6")
        .addPerfGenerations("modern").addEvents("cycles:pp").addKernels("3.7-rc").addKernels("3.8").build())
        .getRowsList();
    JsonNode verb = new ObjectMapper().readTree(cliOut("matrix", "--perf-versions", "3.6,modern", "--events",
        "cycles:pp", "--kernels", "3.7-rc,3.8", "--format", "json"));

    assertEquals(4, rows.size());
    assertEquals(verb.size(), rows.size());
    for (int i = 0; i < rows.size(); i++) {
      MatrixRow row = rows.get(i);
      JsonNode expected = verb.get(i);
      String where = "row " + i + ": " + row;
      assertEquals(expected.get("perfVersion").asText(), row.getPerfVersion(), where);
      assertEquals(expected.get("kernel").asText(), row.getKernel(), where);
      assertEquals(expected.get("event").asText(), row.getEvent(), where);
      assertEquals(expected.get("outcome").asText(), outcomeWord(row.getOutcome()), where);
      assertEquals(expected.get("baselineOutcome").asText(), outcomeWord(row.getBaselineOutcome()), where);
      assertEquals(expected.get("errno").isNull() ? null : expected.get("errno").asInt(),
          row.hasErrno() ? row.getErrno() : null, where);
      assertEquals(expected.get("regression").asBoolean(), row.getRegression(), where);
      assertEquals(expected.get("guestsCrashed").asInt(), row.getGuestsCrashed(), where);
      assertEquals(expected.get("precisionUsed").asInt(), row.getPrecisionUsed(), where);
      assertEquals(expected.get("hostSamples").asLong(), row.getHostSamples(), where);
    }
    assertEquals("OUTCOME_EOPNOTSUPP", rows.get(0).getOutcome().name());
  }

  @Test
  void aMatrixOfMoreThan5000CasesIsResourceExhausted() {
    RunMatrixRequest.Builder huge = RunMatrixRequest.newBuilder();
    for (int i = 0; i < 30; i++) {
      huge.addEvents(i % 2 == 0 ? "cycles" : "cycles:pp");
    }
    huge.addCpus("ivybridge").addCpus("haswell").addCpus("skylake").addCpus("sandybridge").addCpus("nehalem")
        .addCpus("icelake").addCpus("core2").addCpus("amd-zen").addCpus("arm64");
    LoopbackCoordinator.Refusal r = refused(Status.Code.RESOURCE_EXHAUSTED, () -> server.abi().runMatrix(huge.build()));
    int cases = PerfGeneration.values().length * 30 * 9 * KernelPolicy.builtIns().size(); // every perf and kernel
    assertContains(r.message(), "= " + cases + " cases, more than 5000");
  }

  @Test
  void aMatrixStopsBetweenCasesOnceItsCallIsCancelled() {
    RunMatrixRequest many = RunMatrixRequest.newBuilder().addCpus("ivybridge").addCpus("haswell")
        .addEvents("cycles").addEvents("cycles:pp").build();
    // a call whose deadline passed or whose client left is a cancelled context: no clock to race
    Context.CancellableContext call = Context.current().withCancellation();
    call.cancel(null);
    List<Object> answer = new java.util.ArrayList<>();
    call.run(() -> new AbiGrpcService().runMatrix(many, new StreamObserver<>() {
      @Override
      public void onNext(RunMatrixResponse value) {
        answer.add(value);
      }

      @Override
      public void onError(Throwable t) {
        answer.add(Status.fromThrowable(t));
      }

      @Override
      public void onCompleted() {
        answer.add("completed");
      }
    }));
    assertEquals(1, answer.size(), answer.toString());
    Status status = (Status) answer.get(0);
    assertEquals(Status.Code.CANCELLED, status.getCode());
    assertContains(status.getDescription(), "after 1 cases");
  }

  @Test
  void healthIsServingOverallAndPerService() {
    HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(server.channel())
        .withDeadlineAfter(10, TimeUnit.SECONDS);
    for (String service : List.of("", "perfsim.v1.SessionService", "perfsim.v1.FleetService",
        "perfsim.v1.AbiService")) {
      assertEquals(HealthCheckResponse.ServingStatus.SERVING,
          health.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus(), service);
    }
    refused(Status.Code.NOT_FOUND, () -> health.check(HealthCheckRequest.newBuilder().setService("perfsim.v2.X")
        .build()));
  }

  @Test
  void reflectionListsTheServicesAndServesTheSessionProto() throws Exception {
    List<ServerReflectionResponse> answers = reflect(
        ServerReflectionRequest.newBuilder().setListServices("").build(),
        ServerReflectionRequest.newBuilder().setFileByFilename("perfsim/v1/session.proto").build());

    List<String> services = answers.get(0).getListServicesResponse().getServiceList().stream()
        .map(ServiceResponse::getName).toList();
    assertTrue(services.containsAll(List.of("perfsim.v1.FleetService", "perfsim.v1.SessionService",
        "perfsim.v1.AbiService", "grpc.health.v1.Health")), services.toString());
    FileDescriptorProto file = FileDescriptorProto.parseFrom(
        answers.get(1).getFileDescriptorResponse().getFileDescriptorProto(0));
    assertEquals("perfsim/v1/session.proto", file.getName());
    assertEquals("SessionService", file.getService(0).getName());
    assertTrue(file.getService(0).getMethodList().stream().anyMatch(m -> m.getName().equals("StartSession")
        && m.getServerStreaming()));
  }

  private static List<ServerReflectionResponse> reflect(ServerReflectionRequest... requests) throws Exception {
    return ReflectionExchange.exchange(server.channel(), 15, requests);
  }

  private static String outcomeWord(org.perfsim.api.v1.Outcome o) {
    return o.name().substring("OUTCOME_".length()).toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The CLI verb's stdout, run in this JVM (the verb computes locally, no server). */
  private static String cliOut(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      assertEquals(0, PerfsimCli.commandLine().execute(args));
    } finally {
      System.setOut(old);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
