package org.perfsim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.util.Durations;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.perfsim.api.v1.Argv;
import org.perfsim.api.v1.GuestPanic;
import org.perfsim.api.v1.HostSessionResult;
import org.perfsim.api.v1.Outcome;
import org.perfsim.api.v1.PanicCause;
import org.perfsim.api.v1.Session;
import org.perfsim.api.v1.SessionState;
import org.perfsim.api.v1.SessionSummary;
import org.perfsim.api.v1.StartSessionRequest;
import org.perfsim.api.v1.TimelineEntry;
import org.perfsim.report.ReportModel.Point;

/** A session as the API returns it, as a report: groups, guests up, panics, the stage, verdicts and rows. */
class SessionReportsTest {
  private static final long MS = 1_000_000L;

  private static HostSessionResult.Builder host(String id, String cpu, int guests, Outcome outcome, long endMillis) {
    return HostSessionResult.newBuilder().setHostId(id).setCpuModel(cpu).setKernelPolicy("3.6")
        .setPerfGeneration("3.6").setGuests(guests).setOutcome(outcome)
        .addTimeline(TimelineEntry.newBuilder().setTime(Durations.fromMillis(0)).setText("opened"))
        .addTimeline(TimelineEntry.newBuilder().setTime(Durations.fromMillis(endMillis)).setText("session ended"));
  }

  private static GuestPanic panic(int guest, long millis, PanicCause cause) {
    return GuestPanic.newBuilder().setGuestId(guest).setTime(Durations.fromMillis(millis)).setCause(cause)
        .setReason("Kernel panic at " + millis + " ms").build();
  }

  /**
   * Four Ivy Bridge hosts and one Skylake host: host-0 loses guests 1 and 0 (guest 1 rebooted and panicked again
   * later), host-1 loses guest 0 at the same time as host-0's guest 1, host-2's guests were all down before, host-3's
   * node did not answer; the Skylake host runs clean.
   */
  private static Session cascade() {
    return Session.newBuilder().setSessionId("s-5")
        .setRequest(StartSessionRequest.newBuilder().setArgv(Argv.newBuilder().addAllArgs(List.of("perf", "record",
            "-e", "cycles:p", "-ag", "--", "sleep", "1"))).setPerfGeneration("3.6"))
        .addAllHostIds(List.of("host-0", "host-1", "host-2", "host-3", "host-4"))
        .setSummary(SessionSummary.newBuilder().setState(SessionState.SESSION_STATE_FINISHED))
        // completion order, not host order
        .addHostResults(host("host-4", "skylake", 2, Outcome.OUTCOME_OK_HOST_ONLY, 1000))
        .addHostResults(host("host-1", "ivybridge", 2, Outcome.OUTCOME_GUESTS_CRASHED, 1000)
            .addGuestsPanicked(panic(0, 300, PanicCause.PANIC_CAUSE_PAGE_TABLES)))
        .addHostResults(host("host-0", "ivybridge", 2, Outcome.OUTCOME_GUESTS_CRASHED, 1000)
            .addGuestsPanicked(panic(1, 300, PanicCause.PANIC_CAUSE_KERNEL_DATA))
            .addGuestsPanicked(panic(0, 450, PanicCause.PANIC_CAUSE_KERNEL_TEXT))
            .addGuestsPanicked(panic(1, 900, PanicCause.PANIC_CAUSE_LATENT_CORRUPTION)))
        .addHostResults(host("host-2", "ivybridge", 2, Outcome.OUTCOME_NO_GUESTS_RUNNING, 1000))
        .addHostResults(HostSessionResult.newBuilder().setHostId("host-3").setCpuModel("ivybridge")
            .setKernelPolicy("3.6").setPerfGeneration("3.6").setGuests(2).setNodeError("TimeoutException: no answer"))
        .build();
  }

  @Test
  void hostsAreGroupedByCpuKernelAndPerfAndEachGroupsGuestsCountDownAtTheirFirstPanic() {
    ReportModel model = SessionReports.of(cascade());
    String ivy = "ivybridge, kernel 3.6, perf 3.6";
    String sky = "skylake, kernel 3.6, perf 3.6";
    assertEquals(List.of(ivy, sky), model.guestsUp().stream().map(ReportModel.GroupSeries::group).toList());
    ReportModel.GroupSeries ivySeries = model.guestsUp().get(0);
    assertEquals(8, ivySeries.guestsTotal());
    // host-2's 2 guests were down from the start; two fall at 300 ms, one at 450 ms; guest 1's second panic is
    // not a second loss
    assertEquals(List.of(new Point(0, 6), new Point(300 * MS, 4), new Point(450 * MS, 3)), ivySeries.points());
    assertEquals(new ReportModel.GroupSeries(sky, 2, List.of(new Point(0, 2))), model.guestsUp().get(1));
  }

  @Test
  void everyPanicIsAPointWithItsCauseInTimeThenHostOrder() {
    assertEquals(List.of(new ReportModel.PanicPoint(300 * MS, "host-0", 1, "kernel_data"),
            new ReportModel.PanicPoint(300 * MS, "host-1", 0, "page_tables"),
            new ReportModel.PanicPoint(450 * MS, "host-0", 0, "kernel_text"),
            new ReportModel.PanicPoint(900 * MS, "host-0", 1, "latent_corruption")),
        SessionReports.of(cascade()).panics());
  }

  @Test
  void theSessionIsOneStageAndTheVerdictsAndRowsSayWhatHappened() {
    ReportModel model = SessionReports.of(cascade());
    assertEquals("perf record -e cycles:p -ag -- sleep 1", model.title());
    assertEquals("session s-5, finished: 5 of 5 hosts reported, seed 2012, perf 3.6 on every host", model.subject());
    assertEquals(1000 * MS, model.endNanos());
    assertEquals(List.of(new ReportModel.Stage("session s-5", 0, 1000 * MS, 5, "finished")), model.stages());
    assertEquals(List.of(new ReportModel.Verdict("no guest panicked", false, "3 of 10 guests panicked, on 2 of 5 hosts"),
        new ReportModel.Verdict("perf ran on every host", false, "5 of 5 hosts reported; guests-crashed: 2 hosts, "
            + "no-guests-running: 1 host, node-error: 1 host, ok-host-only: 1 host")), model.verdicts());
    assertEquals(List.of(
        new ReportModel.HostRow("host-0", "ivybridge, kernel 3.6, perf 3.6", "guests-crashed", 2, 2,
            "guest 1: Kernel panic at 300 ms"),
        new ReportModel.HostRow("host-1", "ivybridge, kernel 3.6, perf 3.6", "guests-crashed", 2, 1,
            "guest 0: Kernel panic at 300 ms"),
        new ReportModel.HostRow("host-2", "ivybridge, kernel 3.6, perf 3.6", "no-guests-running", 2, 0, ""),
        new ReportModel.HostRow("host-3", "ivybridge, kernel 3.6, perf 3.6", "node-error", 2, 0,
            "TimeoutException: no answer"),
        new ReportModel.HostRow("host-4", "skylake, kernel 3.6, perf 3.6", "ok-host-only", 2, 0, "")), model.hosts());
  }
}
