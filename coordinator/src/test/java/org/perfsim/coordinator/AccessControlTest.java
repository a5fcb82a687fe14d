package org.perfsim.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.perfsim.coordinator.LoopbackCoordinator.assertContains;
import static org.perfsim.coordinator.LoopbackCoordinator.refused;

import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perfsim.access.AccessTokens;
import org.perfsim.access.ServerAccess;
import org.perfsim.api.v1.CancelSessionRequest;
import org.perfsim.api.v1.EncodeEventsRequest;
import org.perfsim.api.v1.ExperimentServiceGrpc;
import org.perfsim.api.v1.FleetServiceGrpc;
import org.perfsim.api.v1.GetExperimentRequest;
import org.perfsim.api.v1.ListExperimentsRequest;
import org.perfsim.api.v1.RunExperimentRequest;
import org.perfsim.api.v1.HostSelector;
import org.perfsim.api.v1.ListHostsRequest;
import org.perfsim.api.v1.ProvisionHostsRequest;
import org.perfsim.api.v1.SessionServiceGrpc;
import org.perfsim.api.v1.SessionUpdate;
import org.perfsim.api.v1.StartSessionRequest;
import org.perfsim.api.v1.AbiServiceGrpc;
import org.perfsim.coordinator.core.Defaults;

/**
 * A coordinator with a tokens file, on the in-process transport: no token or an unknown one is
 * UNAUTHENTICATED (the message never repeats it), a viewer reads but may not change anything
 * (PERMISSION_DENIED), an operator does both, health stays open, reflection needs a viewer; every mutating
 * call leaves one audit line, refused ones too; every method of every served service has a row in the table.
 */
class AccessControlTest {
  static final String OPERATOR_TOKEN = "op-" + UUID.randomUUID();
  static final String VIEWER_TOKEN = "view-" + UUID.randomUUID();

  @TempDir static Path dir;
  static Path auditFile;
  static EmbeddedCoordinator coordinator;
  static ManagedChannel channel;

  @BeforeAll
  static void start() throws Exception {
    Path tokens = dir.resolve("tokens");
    Files.writeString(tokens, "# name role token\nci operator " + OPERATOR_TOKEN + "\ngrafana viewer " + VIEWER_TOKEN
        + "\n");
    auditFile = dir.resolve("audit.log");
    String name = "perfsim-access-" + UUID.randomUUID();
    CoordinatorServer.Options options = CoordinatorServer.Options.defaults("", 0).withAccess(
        new ServerAccess(Optional.of(AccessTokens.load(tokens)), Optional.empty()), Optional.of(auditFile));
    coordinator = EmbeddedCoordinator.start(fleet -> CoordinatorServer.inProcess(fleet, name, options),
        new EmbeddedCoordinator.InitialFleet(2, 1, Defaults.CPU, Defaults.KERNEL, Defaults.PERF, 2));
    channel = InProcessChannelBuilder.forName(name).build();
  }

  @AfterAll
  static void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    coordinator.close();
  }

  static CallCredentials bearer(String token) {
    return new CallCredentials() {
      @Override
      public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
        Metadata headers = new Metadata();
        headers.put(AccessInterceptor.AUTHORIZATION, "Bearer " + token);
        applier.apply(headers);
      }
    };
  }

  static FleetServiceGrpc.FleetServiceBlockingStub fleet(String token) {
    FleetServiceGrpc.FleetServiceBlockingStub stub = FleetServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(30, TimeUnit.SECONDS);
    return token == null ? stub : stub.withCallCredentials(bearer(token));
  }

  static SessionServiceGrpc.SessionServiceBlockingStub sessions(String token) {
    return SessionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
        .withCallCredentials(bearer(token));
  }

  @Test
  void withoutAKnownTokenEveryCallButHealthIsUnauthenticated() {
    LoopbackCoordinator.Refusal none = refused(Status.Code.UNAUTHENTICATED,
        () -> fleet(null).listHosts(ListHostsRequest.getDefaultInstance()));
    assertContains(none.message(), "perfsim.v1.FleetService/ListHosts needs the metadata 'authorization: Bearer TOKEN'");
    String guess = OPERATOR_TOKEN + "-guess";
    LoopbackCoordinator.Refusal wrong = refused(Status.Code.UNAUTHENTICATED,
        () -> fleet(guess).listHosts(ListHostsRequest.getDefaultInstance()));
    assertEquals("the bearer token is not one of this server's tokens", wrong.message());
    assertFalse(wrong.message().contains(guess));

    HealthCheckResponse health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance());
    assertEquals(HealthCheckResponse.ServingStatus.SERVING, health.getStatus());
  }

  @Test
  void aViewerReadsButMayNotChangeAnything() {
    assertEquals(2, fleet(VIEWER_TOKEN).listHosts(ListHostsRequest.getDefaultInstance()).getHostsCount());
    assertTrue(AbiServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(VIEWER_TOKEN))
        .encodeEvents(EncodeEventsRequest.newBuilder().setEvents("cycles").build()).getEventsCount() > 0);
    LoopbackCoordinator.Refusal denied = refused(Status.Code.PERMISSION_DENIED,
        () -> fleet(VIEWER_TOKEN).provisionHosts(ProvisionHostsRequest.newBuilder().setCount(1).build()));
    assertEquals("'grafana' is a viewer; perfsim.v1.FleetService/ProvisionHosts needs an operator", denied.message());
    refused(Status.Code.PERMISSION_DENIED, () -> sessions(VIEWER_TOKEN).startSession(
        StartSessionRequest.newBuilder().setCommandLine("perf stat -a -- sleep 1").build()).hasNext());
    refused(Status.Code.PERMISSION_DENIED, () -> sessions(VIEWER_TOKEN).cancelSession(
        CancelSessionRequest.newBuilder().setSessionId("s-1").build()));
  }

  @Test
  void aViewerReadsRecordedExperimentsWithoutAnAuditLineButMayNotRunOne() throws Exception {
    var viewer = ExperimentServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
        .withCallCredentials(bearer(VIEWER_TOKEN));
    viewer.listExperiments(ListExperimentsRequest.getDefaultInstance());
    // past the access check: the run is unknown, not forbidden
    refused(Status.Code.NOT_FOUND, () -> viewer.getExperiment(GetExperimentRequest.newBuilder()
        .setExperimentId("x-404").build()));
    refused(Status.Code.UNAUTHENTICATED, () -> ExperimentServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(30, TimeUnit.SECONDS).listExperiments(ListExperimentsRequest.getDefaultInstance()));
    refused(Status.Code.PERMISSION_DENIED, () -> viewer.runExperiment(RunExperimentRequest.newBuilder()
        .setExperimentYaml("title: t").build()).hasNext());
    List<String> lines = Files.readAllLines(auditFile);
    assertTrue(lines.stream().noneMatch(l -> l.contains("GetExperiment") || l.contains("ListExperiments")),
        "reads are not audited: " + lines);
    assertTrue(lines.stream().anyMatch(l -> l.contains("caller=grafana") && l.contains("RunExperiment")
        && l.endsWith("status=PERMISSION_DENIED")), String.join("\n", lines));
  }

  @Test
  void reflectionNeedsAViewer() throws Exception {
    assertEquals(Status.Code.UNAUTHENTICATED, reflect(null).getCode());
    assertEquals(Status.Code.OK, reflect(VIEWER_TOKEN).getCode());
  }

  private static Status reflect(String token) throws Exception {
    CompletableFuture<Status> done = new CompletableFuture<>();
    ServerReflectionGrpc.ServerReflectionStub stub = ServerReflectionGrpc.newStub(channel);
    if (token != null) {
      stub = stub.withCallCredentials(bearer(token));
    }
    StreamObserver<ServerReflectionRequest> requests = stub.serverReflectionInfo(new StreamObserver<>() {
      @Override
      public void onNext(ServerReflectionResponse value) {}

      @Override
      public void onError(Throwable t) {
        done.complete(Status.fromThrowable(t));
      }

      @Override
      public void onCompleted() {
        done.complete(Status.OK);
      }
    });
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    requests.onCompleted();
    return done.get(30, TimeUnit.SECONDS);
  }

  @Test
  void anOperatorRunsASessionAndEveryMutatingCallIsAudited() throws Exception {
    List<SessionUpdate> updates = new ArrayList<>();
    sessions(OPERATOR_TOKEN).startSession(StartSessionRequest.newBuilder()
        .setHosts(HostSelector.newBuilder().setAll(true)).setCommandLine("perf stat -a -- sleep 1").build())
        .forEachRemaining(updates::add);
    String sessionId = updates.get(0).getStarted().getSessionId();
    assertTrue(updates.get(updates.size() - 1).hasFinished(), "" + updates);
    refused(Status.Code.PERMISSION_DENIED,
        () -> fleet(VIEWER_TOKEN).provisionHosts(ProvisionHostsRequest.newBuilder().setCount(1).build()));
    refused(Status.Code.UNAUTHENTICATED,
        () -> fleet("not-" + OPERATOR_TOKEN).provisionHosts(ProvisionHostsRequest.newBuilder().setCount(1).build()));
    fleet(VIEWER_TOKEN).listHosts(ListHostsRequest.getDefaultInstance());

    // the in-process transport names its server as the peer; over TCP it is the client's address and port
    List<String> lines = Files.readAllLines(auditFile).stream().map(l -> l.replaceFirst(" peer=\\S+ ", " peer=P "))
        .toList();
    String started = "caller=ci peer=P method=perfsim.v1.SessionService/StartSession session=" + sessionId
        + " status=OK";
    assertTrue(lines.stream().anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\S+Z " + java.util.regex.Pattern.quote(
        started))), String.join("\n", lines));
    assertTrue(lines.stream().anyMatch(l -> l.endsWith(
        "caller=grafana peer=P method=perfsim.v1.FleetService/ProvisionHosts session=- status=PERMISSION_DENIED")),
        String.join("\n", lines));
    assertTrue(lines.stream().anyMatch(l -> l.endsWith(
        "caller=unauthenticated peer=P method=perfsim.v1.FleetService/ProvisionHosts session=- status=UNAUTHENTICATED")),
        String.join("\n", lines));
    assertTrue(lines.stream().noneMatch(l -> l.contains("ListHosts")), "reads are not audited");
    String all = String.join("\n", lines);
    assertFalse(all.contains(OPERATOR_TOKEN) || all.contains(VIEWER_TOKEN), "no token in the audit log");
  }

  @Test
  void everyMethodOfEveryServedServiceHasARowInTheTable() {
    List<String> missing = new ArrayList<>();
    for (ServerServiceDefinition service : coordinator.server().services()) {
      service.getMethods().forEach(m -> {
        if (!MethodAccess.TABLE.containsKey(m.getMethodDescriptor().getFullMethodName())) {
          missing.add(m.getMethodDescriptor().getFullMethodName());
        }
      });
    }
    assertEquals(List.of(), missing, "add a row to MethodAccess.TABLE for each");
    assertEquals(MethodAccess.OPEN, MethodAccess.needs("grpc.health.v1.Health/Check"));
    assertTrue(MethodAccess.audited("perfsim.v1.Unknown/Method"), "default deny: operator-only, audited");
  }
}
