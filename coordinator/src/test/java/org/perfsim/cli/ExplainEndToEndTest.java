package org.perfsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.perfsim.coordinator.LoopbackCoordinator.assertContains;
import static org.perfsim.coordinator.LoopbackCoordinator.refused;

import com.google.protobuf.util.JsonFormat;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perfsim.api.v1.Argv;
import org.perfsim.api.v1.Explanation;
import org.perfsim.api.v1.HostSelector;
import org.perfsim.api.v1.HostSessionResult;
import org.perfsim.api.v1.MatrixRow;
import org.perfsim.api.v1.Outcome;
import org.perfsim.api.v1.RunMatrixRequest;
import org.perfsim.api.v1.Session;
import org.perfsim.api.v1.StartSessionRequest;
import org.perfsim.coordinator.LoopbackCoordinator;

/**
 * Why an outcome, end to end: the explanation and the PEBS-into-guests counts arrive over gRPC (StartSession,
 * RunMatrix) and in {@code perfsim run --explain}; a host whose guests all panicked earlier is
 * no-guests-running, not ok. One host with two busy guests (kernel 3.6, perf 6.1); the tests run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExplainEndToEndTest {
  static final List<String> OLD_PRECISE = List.of("perf", "record", "-e", "cycles:pp", "-ag", "--", "sleep", "1");

  @RegisterExtension
  static final LoopbackCoordinator server = LoopbackCoordinator.perClass("--hosts", "1", "--guests", "2",
      "--pcpus", "2");

  private static HostSessionResult runOnHost0(List<String> argv) {
    StartSessionRequest request = StartSessionRequest.newBuilder().setHosts(HostSelector.newBuilder().setAll(true))
        .setArgv(Argv.newBuilder().addAllArgs(argv)).setPerfGeneration("3.6").build();
    List<HostSessionResult> results = new ArrayList<>();
    server.sessions().withDeadlineAfter(60, TimeUnit.SECONDS).startSession(request).forEachRemaining(u -> {
      if (u.hasHostResult()) {
        results.add(u.getHostResult());
      }
    });
    assertEquals(1, results.size());
    return results.get(0);
  }

  @Test
  @Order(1)
  void theCascadesHostResultCarriesItsExplanationAndWhatPebsWroteIntoGuests() {
    HostSessionResult r = runOnHost0(OLD_PRECISE);

    assertEquals(Outcome.OUTCOME_GUESTS_CRASHED, r.getOutcome());
    assertTrue(r.getPebsRecordsIntoGuests() > 0, r.toString());
    assertTrue(r.getBytesWrittenIntoGuests() > r.getPebsRecordsIntoGuests(), r.toString());
    long perfGuestSamples = r.getSamplesPerGuestMap().values().stream().mapToLong(Long::longValue).sum();
    assertTrue(perfGuestSamples < r.getPebsRecordsIntoGuests(), "perf never receives the records written into guests");
    Explanation e = r.getExplanation();
    assertTrue(e.getHasAttr());
    assertFalse(e.getExcludeGuest());
    assertEquals(2, e.getPreciseIp());
    assertEquals("precise-allowed", e.getKernelRule());
    assertTrue(e.getPebsLeftEnabledAtVmEntry());
    assertTrue(e.getCountsGuest());
    assertContains(e.getReason(), "IA32_PEBS_ENABLE stayed on at VM entry");
  }

  @Test
  @Order(2)
  void theSameCommandOnAHostWhoseGuestsAllPanickedIsNoGuestsRunningInRunExplain() throws Exception {
    CliVerbsTest.Run r = CliVerbsTest.run(concat(List.of("run", "--target", server.target(), "--perf-version", "3.6",
        "--explain", "--"), OLD_PRECISE));

    assertEquals(0, r.status(), r.err());
    assertContains(r.out(), "PERF SAMPLES GUEST  PEBS→GUEST RECS  PEBS→GUEST BYTES");
    assertTrue(r.out().lines().anyMatch(l -> l.matches("host-0 +no-guests-running .*")), r.out());
    assertContains(r.out(), "host-0: no-guests-running");
    assertContains(r.out(), "    attr:      exclude_guest=0 exclude_host=0 precise_ip=2 exclude_user=0 exclude_kernel=0");
    assertContains(r.out(), "    kernel:    precise-allowed: ");
    assertContains(r.out(), "    vm entry:  IA32_PEBS_ENABLE left on; the attr counts guest mode");
    assertContains(r.out(), "every guest of the host was down");

    CliVerbsTest.Run json = CliVerbsTest.run(concat(List.of("run", "--target", server.target(), "--perf-version",
        "3.6", "--json", "--"), OLD_PRECISE));
    Session.Builder printed = Session.newBuilder();
    JsonFormat.parser().merge(json.out(), printed);
    HostSessionResult viaJson = printed.getHostResults(0);
    assertEquals(Outcome.OUTCOME_NO_GUESTS_RUNNING, viaJson.getOutcome());
    assertEquals(0, viaJson.getPebsRecordsIntoGuests());
    assertEquals("precise-allowed", viaJson.getExplanation().getKernelRule());
  }

  @Test
  @Order(3)
  void runMatrixRowsCarryTheExplanationAndTheReasonOfAnError() {
    List<MatrixRow> rows = server.abi().runMatrix(RunMatrixRequest.newBuilder().addPerfGenerations("3.6")
        .addPerfGenerations("6.1").addEvents("cycles:P").addKernels("3.7-rc").build()).getRowsList();

    assertEquals(2, rows.size());
    MatrixRow old = rows.get(0);
    assertEquals(Outcome.OUTCOME_OTHER_ERROR, old.getOutcome());
    assertContains(old.getReason(), "cycles:P");
    assertFalse(old.getExplanation().getHasAttr());
    MatrixRow walked = rows.get(1);
    assertEquals(Outcome.OUTCOME_OK, walked.getOutcome());
    assertEquals("", walked.getReason());
    assertEquals("not-precise", walked.getExplanation().getKernelRule());
    assertEquals(0, walked.getExplanation().getPreciseIp());
    assertTrue(walked.getExplanation().getPerfFallbacksCount() >= 3, walked.getExplanation().toString());
  }

  @Test
  @Order(4)
  void runMatrixWithAnEventEveryPerfRejectsIsInvalidArgumentWithPerfsText() {
    LoopbackCoordinator.Refusal r = refused(Status.Code.INVALID_ARGUMENT, () -> server.abi().runMatrix(
        RunMatrixRequest.newBuilder().addPerfGenerations("6.1").addEvents("cycles:pppp").build()));
    assertEquals("events", r.field());
    assertContains(r.message(), "event syntax error: 'cycles:pppp'");
    assertContains(r.message(), "\\___ Bad modifier");
  }

  private static String[] concat(List<String> head, List<String> tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(tail);
    return all.toArray(String[]::new);
  }
}
