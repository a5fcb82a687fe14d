package org.perfsim.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.perfsim.api.v1.GetSessionRequest;
import org.perfsim.api.v1.Session;
import org.perfsim.api.v1.SessionServiceGrpc;
import org.perfsim.api.v1.SessionView;
import org.perfsim.report.ReportFiles;
import org.perfsim.report.ReportJson;
import org.perfsim.report.ReportModel;
import org.perfsim.report.SessionReports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code perfsim report SESSION|RESULTS_DIR}: the self-contained HTML report of a session or a results folder. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Writes a self-contained HTML report (no network needed to view it) and prints its path: guests "
            + "up against simulated time per host group, guest panics over time by cause, the stages, verdicts "
            + "and one row per host.",
        "SESSION is a session id on the coordinator at --target (GetSession); RESULTS_DIR is a folder holding "
            + "the report.json 'experiment run' wrote, whose report.html is written again.",
        "Example:",
        "  perfsim report s-3 --target 127.0.0.1:50051"})
public final class ReportCommand implements Callable<Integer> {
  /** Bounds the GetSession call: a hung coordinator ends the verb instead of hanging it. */
  private static final long CALL_SECONDS = 30;

  @Parameters(paramLabel = "SESSION|RESULTS_DIR", description = "a session id (with --target) or a results folder")
  String source;

  @Option(names = "--target", paramLabel = "HOST:PORT", description = "the 'perfsim serve' that ran the session")
  String target;

  @Option(names = "--out", paramLabel = "FILE", description = "where to write the HTML (default: "
      + "perfsim-report-SESSION.html in the current folder, or RESULTS_DIR/report.html)")
  Path out;

  @Override
  public Integer call() throws Exception {
    Path folder = Path.of(source);
    if (Files.isDirectory(folder)) {
      ReportModel model;
      try {
        model = ReportJson.read(folder.resolve(ReportJson.FILE_NAME));
      } catch (ReportJson.BadReport e) {
        throw new Choices.BadChoice(e.getMessage());
      }
      System.out.println(write(model, out != null ? out : folder.resolve(ReportFiles.HTML_NAME), "--out"));
      return 0;
    }
    if (target == null) {
      // without --target there would only be a fresh embedded fleet, which has run no session
      throw new Choices.BadChoice("'" + source + "' is no folder, and a session id needs --target HOST:PORT (the "
          + "coordinator that ran it; there is no session history without one)");
    }
    Session session;
    CoordinatorConnection.Options connection = new CoordinatorConnection.Options();
    connection.target = target;
    try (CoordinatorConnection c = CoordinatorConnection.open(connection)) {
      session = SessionServiceGrpc.newBlockingStub(c.channel()).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS)
          .getSession(GetSessionRequest.newBuilder().setSessionId(source).setView(SessionView.SESSION_VIEW_FULL)
              .build());
    }
    Path file = out != null ? out : Path.of("perfsim-report-" + session.getSessionId() + ".html");
    System.out.println(write(SessionReports.of(session), file, "--out"));
    return 0;
  }

  /** Writes {@code model}'s page to {@code file}; a file that cannot be written is bad input naming {@code option}. */
  static Path write(ReportModel model, Path file, String option) {
    try {
      return ReportFiles.writeHtml(model, file);
    } catch (IOException e) {
      throw new Choices.BadChoice(option + ": cannot write " + file + " (" + e.getClass().getSimpleName()
          + (e.getMessage() == null || e.getMessage().equals(file.toString()) ? "" : ": " + e.getMessage()) + ")");
    }
  }
}
