package org.perfsim.cli;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.perfsim.api.v1.ExperimentRecord;
import org.perfsim.api.v1.ExperimentServiceGrpc;
import org.perfsim.api.v1.GetExperimentRequest;
import org.perfsim.api.v1.ListExperimentsRequest;
import org.perfsim.api.v1.ListExperimentsResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code perfsim experiment list|show}: the runs the coordinator recorded (GetExperiment, ListExperiments). */
final class ExperimentRecordsCommand {
  /** Bounds each unary call: a hung coordinator ends the verb instead of hanging it. */
  private static final long CALL_SECONDS = 30;

  private ExperimentRecordsCommand() {}

  private static ExperimentServiceGrpc.ExperimentServiceBlockingStub stub(CoordinatorConnection c) {
    return ExperimentServiceGrpc.newBlockingStub(c.channel()).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS);
  }

  /** A wall-clock time to the second, or "-" when unset. */
  private static String time(boolean set, Timestamp t) {
    return set ? Timestamps.toString(Timestamp.newBuilder().setSeconds(t.getSeconds()).build()) : "-";
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Lists the experiment runs the coordinator recorded, newest first: status, title, file, start "
          + "and end time. With a store (serve --data-dir or --store-url) they outlive restarts; a run under way "
          + "when the coordinator stopped is 'interrupted'.")
  static final class ListVerb implements Callable<Integer> {
    @Mixin CoordinatorConnection.Options connection;

    @Option(names = "--json", description = "the ListExperiments response as JSON (every page)")
    boolean json;

    @Override
    public Integer call() throws Exception {
      List<ExperimentRecord> runs;
      try (CoordinatorConnection c = CoordinatorConnection.open(connection)) {
        runs = Pages.all((size, token) -> stub(c).listExperiments(ListExperimentsRequest.newBuilder()
            .setPageSize(size).setPageToken(token).build()),
            ListExperimentsResponse::getExperimentsList, ListExperimentsResponse::getNextPageToken);
      }
      if (json) {
        System.out.println(JsonFormat.printer().print(ListExperimentsResponse.newBuilder()
            .addAllExperiments(runs).build()));
        return 0;
      }
      TextTable table = new TextTable(List.of("EXPERIMENT", "STATUS", "TITLE", "FILE", "STARTED", "ENDED"));
      for (ExperimentRecord r : runs) {
        table.add(List.of(r.getExperimentId(), r.getStatus(), r.getTitle(), r.getFileName(),
            time(r.hasStartTime(), r.getStartTime()), time(r.hasEndTime(), r.getEndTime())));
      }
      System.out.print(table.toText());
      System.out.println(ExperimentCommand.RunVerb.count(runs.size(), "experiment"));
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = {"Shows one recorded experiment run: its title, file, status (with the hosts that failed or "
          + "were unreachable) and times; --out writes its results folder as 'experiment run' does.",
          "Example:",
          "  perfsim experiment show x-3 --target coordinator:50051 --out results/x-3"})
  static final class ShowVerb implements Callable<Integer> {
    @Mixin CoordinatorConnection.Options connection;

    @Parameters(paramLabel = "ID", description = "the run's id, e.g. x-3")
    String experimentId;

    @Option(names = "--out", paramLabel = "DIR", description = "write the run's results folder here: "
        + "experiment.yaml, journal.json, run.json, report.json, report.html (perf.data files are not recorded)")
    Path out;

    @Option(names = "--json", description = "the run (GetExperiment) as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
      ExperimentRecord r;
      try (CoordinatorConnection c = CoordinatorConnection.open(connection)) {
        r = stub(c).getExperiment(GetExperimentRequest.newBuilder().setExperimentId(experimentId).build());
      }
      if (out != null && !r.hasFinished()) {
        throw new Choices.BadChoice("--out: experiment " + r.getExperimentId() + " is " + r.getStatus()
            + ": it has no results to write");
      }
      if (json) {
        System.out.println(JsonFormat.printer().print(r));
      } else {
        System.out.println("experiment " + r.getExperimentId() + ": " + r.getTitle() + " (" + r.getFileName() + ")");
        System.out.println(r.hasFinished() ? ExperimentCommand.statusLine(r.getFinished()) : "status: "
            + r.getStatus() + (r.getError().isEmpty() ? "" : ": " + r.getError()));
        System.out.println("started: " + time(r.hasStartTime(), r.getStartTime()) + ", ended: "
            + time(r.hasEndTime(), r.getEndTime()));
      }
      if (out != null) {
        ExperimentCommand.writeResults(out, r.getFinished());
        if (!json) {
          System.out.println(ExperimentCommand.resultsLine(out));
        }
      }
      return 0;
    }
  }
}
