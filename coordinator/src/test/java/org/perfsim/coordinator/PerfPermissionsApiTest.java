package org.perfsim.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.perfsim.coordinator.LoopbackCoordinator.refused;

import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perfsim.api.v1.Argv;
import org.perfsim.api.v1.HostSessionResult;
import org.perfsim.api.v1.MatrixRow;
import org.perfsim.api.v1.Outcome;
import org.perfsim.api.v1.ProvisionHostsRequest;
import org.perfsim.api.v1.RunMatrixRequest;
import org.perfsim.api.v1.StartSessionRequest;
import org.perfsim.coordinator.core.Defaults;
import org.perfsim.kernel.Capabilities;

/** perf_event_paranoid on provisioned hosts and the caller's capabilities on sessions and matrices, over gRPC. */
class PerfPermissionsApiTest {
  @RegisterExtension
  static final LoopbackCoordinator server = LoopbackCoordinator.inProcess("permissions", 0, 20);

  private static final List<String> SYSTEM_WIDE = List.of("perf", "record", "-e", "cycles", "-a", "--", "sleep", "1");

  @BeforeAll
  static void provisionModernHostsAtTwo() {
    server.fleet().provisionHosts(ProvisionHostsRequest.newBuilder().setCount(3).putLabels("suite", "paranoid")
        .setKernelPolicy("modern").setPerfEventParanoid(2).setGuestsPerHost(1).setPcpus(2).build());
  }

  private static List<HostSessionResult> session(String caps) {
    StartSessionRequest.Builder request = StartSessionRequest.newBuilder()
        .setHosts(SessionApiEndToEndTest.labels("suite", "paranoid"))
        .setArgv(Argv.newBuilder().addAllArgs(SYSTEM_WIDE));
    if (caps != null) {
      request.setCallerCapabilities(caps);
    }
    return SessionApiEndToEndTest.results(SessionApiEndToEndTest.run(server, request.build()));
  }

  @Test
  void hostsShowTheirParanoidLevel() {
    assertEquals(2, server.fleet().listHosts(org.perfsim.api.v1.ListHostsRequest.getDefaultInstance())
        .getHosts(0).getPerfEventParanoid());
  }

  @Test
  void systemWideWithoutCapabilitiesIsEaccesOnEveryHost() {
    List<HostSessionResult> results = session("none");
    assertEquals(3, results.size());
    for (HostSessionResult r : results) {
      assertEquals(Outcome.OUTCOME_EACCES, r.getOutcome(), r.toString());
      assertEquals(13, r.getErrnoNumber());
      assertTrue(r.getPerfMessage().contains("Access to performance monitoring and observability operations is "
          + "limited."), r.getPerfMessage());
      assertEquals("paranoid-cpu", r.getExplanation().getKernelRule());
    }
  }

  @Test
  void capPerfmonAndTheDefaultCallerRun() {
    for (String caps : new String[] {"perfmon", null}) {
      for (HostSessionResult r : session(caps)) {
        assertFalse(r.getOutcome() == Outcome.OUTCOME_EACCES, caps + ": " + r);
        assertTrue(r.getSamplesHost() > 0, r.toString());
      }
    }
  }

  @Test
  void badValuesAreInvalidArgumentNamingTheField() {
    LoopbackCoordinator.Refusal paranoid = refused(Status.Code.INVALID_ARGUMENT, () -> server.fleet().provisionHosts(
        ProvisionHostsRequest.newBuilder().setCount(1).setPerfEventParanoid(4).build()));
    assertEquals("perf_event_paranoid", paranoid.field());
    assertTrue(paranoid.message().contains("one of -1, 0, 1, 2, 3, got 4"), paranoid.message());
    LoopbackCoordinator.Refusal caps = refused(Status.Code.INVALID_ARGUMENT, () -> session("root"));
    assertEquals("caller_capabilities", caps.field());
    assertTrue(caps.message().contains("unknown capabilities 'root' (valid: none, perfmon, sys_admin)"),
        caps.message());
    assertEquals("caller_capabilities", refused(Status.Code.INVALID_ARGUMENT, () -> server.abi().runMatrix(
        RunMatrixRequest.newBuilder().addEvents("cycles").setCallerCapabilities("cap_perfmon").build())).field());
    assertEquals("perf_event_paranoid", refused(Status.Code.INVALID_ARGUMENT, () -> server.abi().runMatrix(
        RunMatrixRequest.newBuilder().addEvents("cycles").setPerfEventParanoid(-2).build())).field());
  }

  @Test
  void theMatrixCellsTakeTheParanoidLevelAndCapabilities() {
    RunMatrixRequest.Builder request = RunMatrixRequest.newBuilder().addPerfGenerations("6.1").addKernels("modern")
        .addKernels("3.6").addEvents("cycles").setPerfEventParanoid(2);
    List<MatrixRow> none = server.abi().runMatrix(request.setCallerCapabilities("none").build()).getRowsList();
    assertEquals(List.of(Outcome.OUTCOME_EACCES, Outcome.OUTCOME_EACCES),
        none.stream().map(MatrixRow::getOutcome).toList());
    List<MatrixRow> perfmon = server.abi().runMatrix(request.setCallerCapabilities("perfmon").build()).getRowsList();
    // a 2012 kernel has no CAP_PERFMON: perfmon is no capability there
    assertEquals(List.of("modern:ok", "3.6:eacces"), perfmon.stream().map(r -> r.getKernel() + ":"
        + (r.getOutcome() == Outcome.OUTCOME_EACCES ? "eacces" : "ok")).toList());
  }

  @Test
  void theDefaultsNameTheDomainsDefaults() {
    // Defaults.CALLER_CAPABILITIES stays a compile-time String (picocli annotations read it)
    assertEquals(Capabilities.DEFAULT.id(), Defaults.CALLER_CAPABILITIES);
    assertEquals(org.perfsim.kernel.PerfPermissions.DEFAULT_PARANOID, Defaults.PERF_EVENT_PARANOID);
  }
}
