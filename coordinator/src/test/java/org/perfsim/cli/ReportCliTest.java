package org.perfsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.perfsim.coordinator.LoopbackCoordinator.assertContains;

import com.google.protobuf.util.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.perfsim.api.v1.GetSessionRequest;
import org.perfsim.api.v1.HostSessionResult;
import org.perfsim.api.v1.Session;
import org.perfsim.api.v1.SessionView;
import org.perfsim.coordinator.LoopbackCoordinator;
import org.perfsim.report.HeadlessChromium;
import org.perfsim.report.ReportJson;
import org.perfsim.report.ReportModel;
import org.perfsim.report.ReportModels;

/**
 * {@code perfsim report SESSION|RESULTS_DIR} and {@code run --report FILE} end to end: the 2012 cascade on a
 * {@code perfsim serve} of Ivy Bridge hosts under kernel 3.6, reported from the session the server kept.
 */
class ReportCliTest {
  private static final String[] CRASHING_RECORD = {"--", "perf", "record", "-e", "cycles:p", "-ag", "--", "sleep",
      "1"};

  @RegisterExtension
  static final LoopbackCoordinator server = LoopbackCoordinator.perClass("--hosts", "2", "--guests", "4",
      "--pcpus", "2", "--cpu", "ivybridge", "--kernel", "3.6");

  /** The model a report page embeds. */
  private static ReportModel embedded(Path page) throws Exception {
    return ReportJson.fromJson(Jsoup.parse(Files.readString(page)).getElementById("report-data").data(),
        page.toString());
  }

  /** "host/guest@nanos:cause" for every panic the server kept. */
  private static Set<String> panicsOf(Session session) {
    return session.getHostResultsList().stream().flatMap((HostSessionResult h) -> h.getGuestsPanickedList()
        .stream().map(p -> h.getHostId() + "/" + p.getGuestId() + "@" + Durations.toNanos(p.getTime()) + ":"
            + p.getCause().name().substring("PANIC_CAUSE_".length()).toLowerCase(java.util.Locale.ROOT)))
        .collect(Collectors.toSet());
  }

  @Test
  void aCrashingSessionsReportHasEveryPanicTheServerKeptAndDrawsThem(@TempDir Path dir) throws Exception {
    Path fromRun = dir.resolve("run.html");
    CliVerbsTest.Run run = CliVerbsTest.run(SessionsCliTest.with(new String[] {"run", "--target", server.target(),
        "--perf-version", "3.6", "--report", fromRun.toString()}, CRASHING_RECORD));
    assertEquals(0, run.status(), run.err());
    String id = SessionsCliTest.firstLineSessionId(run.out());
    assertTrue(run.out().endsWith("report: " + fromRun + "\n"), run.out());

    Session kept = server.sessions().getSession(GetSessionRequest.newBuilder().setSessionId(id)
        .setView(SessionView.SESSION_VIEW_FULL).build());
    Set<String> panics = panicsOf(kept);
    assertTrue(panics.size() >= 2, () -> "the 2012 cascade panics guests: " + kept);

    Path fromReport = dir.resolve("get.html");
    CliVerbsTest.Run report = CliVerbsTest.run("report", id, "--target", server.target(), "--out",
        fromReport.toString());
    assertEquals(0, report.status(), report.err());
    assertEquals(fromReport + "\n", report.out());
    ReportModel model = embedded(fromReport);
    assertEquals(panics, model.panics().stream().map(p -> p.hostId() + "/" + p.guestId() + "@" + p.atNanos() + ":"
        + p.cause()).collect(Collectors.toSet()));
    assertEquals(panics.size(), model.panics().size());
    ReportModel.GroupSeries group = model.guestsUp().get(0);
    assertEquals(List.of("ivybridge, kernel 3.6, perf 3.6"), model.guestsUp().stream()
        .map(ReportModel.GroupSeries::group).toList());
    assertEquals(8, group.guestsTotal());
    assertEquals(8 - kept.getSummary().getGuestsPanicked(), group.points().get(group.points().size() - 1).guestsUp());
    assertEquals(List.of("host-0", "host-1"), model.hosts().stream().map(ReportModel.HostRow::hostId).toList());
    // run's report is the same report, from what the stream brought
    assertEquals(model, embedded(fromRun));

    Document dom = Jsoup.parse(HeadlessChromium.dumpDom(fromReport, Files.createDirectory(dir.resolve("chromium"))));
    assertEquals("ok", dom.body().attr("data-rendered"), () -> dom.getElementById("report-errors").text());
    assertEquals(panics.size(), dom.select("#chart-panics rect.panic-bar").stream()
        .mapToInt(bar -> Integer.parseInt(bar.attr("data-count"))).sum());
  }

  @Test
  void withoutOutTheSessionsReportIsNamedAfterItInTheCurrentFolder() throws Exception {
    CliVerbsTest.Run run = CliVerbsTest.run(SessionsCliTest.with(new String[] {"run", "--target", server.target(),
        "--hosts", "host-0"}, CRASHING_RECORD));
    assertEquals(0, run.status(), run.err());
    String id = SessionsCliTest.firstLineSessionId(run.out());
    Path expected = Path.of("perfsim-report-" + id + ".html");
    try {
      CliVerbsTest.Run report = CliVerbsTest.run("report", id, "--target", server.target());
      assertEquals(0, report.status(), report.err());
      assertEquals(expected + "\n", report.out());
      ReportModel model = embedded(expected);
      assertEquals("session " + id, model.stages().get(0).name());
      // no --perf-version: the group names the perf installed on the host
      assertEquals(List.of(new ReportModel.HostRow("host-0", "ivybridge, kernel 3.6, perf 6.1",
          model.hosts().get(0).outcome(), 4, model.hosts().get(0).guestsPanicked(), model.hosts().get(0).note())),
          model.hosts());
    } finally {
      Files.deleteIfExists(expected);
    }
  }

  @Test
  void aResultsFoldersReportJsonIsRenderedAgainAsItsReportHtml(@TempDir Path dir) throws Exception {
    ReportJson.write(ReportModels.cascade(), dir.resolve("report.json"));
    CliVerbsTest.Run report = CliVerbsTest.run("report", dir.toString());
    assertEquals(0, report.status(), report.err());
    assertEquals(dir.resolve("report.html") + "\n", report.out());
    assertEquals(ReportModels.cascade(), embedded(dir.resolve("report.html")));

    Path elsewhere = dir.resolve("copy.html");
    CliVerbsTest.Run out = CliVerbsTest.run("report", dir.toString(), "--out", elsewhere.toString());
    assertEquals(0, out.status(), out.err());
    assertEquals(ReportModels.cascade(), embedded(elsewhere));
  }

  @Test
  void badInputExitsWithTwoNamingWhatIsWrong(@TempDir Path dir) throws Exception {
    CliVerbsTest.Run noTarget = CliVerbsTest.run("report", "s-1");
    assertEquals(2, noTarget.status(), noTarget.out() + noTarget.err());
    assertEquals("perfsim: 's-1' is no folder, and a session id needs --target HOST:PORT (the coordinator that ran "
        + "it; there is no session history without one)\n", noTarget.err());

    CliVerbsTest.Run unknown = CliVerbsTest.run("report", "s-999999", "--target", server.target());
    assertEquals(2, unknown.status(), unknown.out() + unknown.err());
    assertEquals("perfsim: no session 's-999999' (unknown, or aged out of the server's history)\n", unknown.err());

    CliVerbsTest.Run noJson = CliVerbsTest.run("report", dir.toString());
    assertEquals(2, noJson.status(), noJson.out() + noJson.err());
    assertContains(noJson.err(), "perfsim: no " + dir.resolve("report.json") + " (a results folder holds");

    Files.writeString(dir.resolve("report.json"), "{\"title\": ");
    CliVerbsTest.Run badJson = CliVerbsTest.run("report", dir.toString());
    assertEquals(2, badJson.status(), badJson.out() + badJson.err());
    assertContains(badJson.err(), "perfsim: " + dir.resolve("report.json") + " is not a perfsim report: ");
    assertFalse(Files.exists(dir.resolve("report.html")));

    ReportJson.write(ReportModels.empty(), dir.resolve("report.json"));
    Path nowhere = dir.resolve("no-such-folder").resolve("r.html");
    CliVerbsTest.Run unwritable = CliVerbsTest.run("report", dir.toString(), "--out", nowhere.toString());
    assertEquals(2, unwritable.status(), unwritable.out() + unwritable.err());
    assertContains(unwritable.err(), "perfsim: --out: cannot write " + nowhere + " (NoSuchFileException)");

    CliVerbsTest.Run missing = CliVerbsTest.run("report");
    assertEquals(2, missing.status());
    assertContains(missing.err(), "Missing required parameter: 'SESSION|RESULTS_DIR'");
  }
}
