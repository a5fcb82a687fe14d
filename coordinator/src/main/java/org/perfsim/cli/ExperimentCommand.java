package org.perfsim.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.perfsim.api.v1.CancelExperimentRequest;
import org.perfsim.api.v1.ExperimentEvent;
import org.perfsim.api.v1.ExperimentFinished;
import org.perfsim.api.v1.ExperimentPerfDataFile;
import org.perfsim.api.v1.ExperimentServiceGrpc;
import org.perfsim.api.v1.ExperimentStarted;
import org.perfsim.api.v1.ExperimentUpdate;
import org.perfsim.api.v1.RunExperimentRequest;
import org.perfsim.coordinator.core.experiment.Experiment;
import org.perfsim.coordinator.core.experiment.ExperimentRunner;
import org.perfsim.coordinator.core.experiment.ExperimentUseCases;
import org.perfsim.report.ReportFiles;
import org.perfsim.report.ReportJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code perfsim experiment run|validate FILE}, {@code experiment list|show}: fleet fault experiments
 * (ExperimentService).
 */
@Command(name = "experiment", mixinStandardHelpOptions = true,
    description = "Runs a fleet fault experiment file (YAML): a steady-state hypothesis checked before and after "
        + "a method of perf command lines, abort conditions, a rollback; checks one; or lists and shows the runs "
        + "the coordinator recorded.",
    subcommands = {ExperimentCommand.RunVerb.class, ExperimentCommand.ValidateVerb.class,
        ExperimentRecordsCommand.ListVerb.class, ExperimentRecordsCommand.ShowVerb.class})
public final class ExperimentCommand implements Callable<Integer> {
  /** Exit status of a run whose hypothesis did not hold, or that an abort condition stopped. */
  public static final int NOT_HELD = 1;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "missing the verb: run, validate, list or show");
  }

  /** The results folder: the files the server sent, and the page drawn from its report.json. */
  static void writeResults(Path dir, ExperimentFinished f) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("experiment.yaml"), f.getResolvedExperimentYaml());
    Files.writeString(dir.resolve("journal.json"), f.getJournalJson());
    Files.writeString(dir.resolve("run.json"), f.getRunJson());
    Files.writeString(dir.resolve(ReportJson.FILE_NAME), f.getReportJson());
    ReportFiles.writeHtml(ReportJson.fromJson(f.getReportJson(), dir.resolve(ReportJson.FILE_NAME).toString()),
        dir.resolve(ReportFiles.HTML_NAME));
  }

  /** The status line of a run's results: its status, and the hosts that failed or were unreachable. */
  static String statusLine(ExperimentFinished f) {
    return "status: " + f.getStatus() + HostFailures.ofJournal(f.getJournalJson()).summaryText();
  }

  /** The line naming the results folder {@link #writeResults} wrote. */
  static String resultsLine(Path dir) {
    return "results: " + dir + " (experiment.yaml, journal.json, run.json, report.json"
        + (Files.exists(dir.resolve("report.html")) ? ", report.html)" : ")");
  }

  /** The file's text; a missing or unreadable file is bad input. */
  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new Choices.BadChoice("FILE: no such file: " + file);
    } catch (IOException e) {
      throw new Choices.BadChoice("FILE: cannot read " + file + ": " + e.getMessage());
    }
  }

  /** The name the file is known by in messages and the journal: its own name, wherever it was run from. */
  static String name(Path file) {
    return file.getFileName().toString();
  }

  @Command(name = "validate", mixinStandardHelpOptions = true,
      description = "Checks an experiment file without running it: exit 0 if valid, 2 with FILE:LINE: FIELD: "
          + "MESSAGE if not.")
  static final class ValidateVerb implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "the experiment file (YAML)")
    Path file;

    @Override
    public Integer call() {
      Experiment e;
      try {
        e = ExperimentUseCases.read(name(file), read(file), OptionalLong.empty());
      } catch (org.perfsim.coordinator.core.CoreError refused) {
        throw new Choices.BadChoice(refused.getMessage());
      }
      System.out.println(file + ": valid: '" + e.title() + "', " + RunVerb.count(e.fleet().size(), "host group")
          + ", " + RunVerb.count(e.fleet().stream().mapToInt(Experiment.HostGroup::hosts).sum(), "host") + ", "
          + RunVerb.count(e.guestsTotal(), "guest") + ", " + RunVerb.count(e.method().size(), "step") + ", seed "
          + Long.toUnsignedString(e.seed()) + (e.repetitions() == 1 ? "" : " and the next " + (e.repetitions() - 1)));
      return 0;
    }
  }

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = {"Runs an experiment on the fleet: provisions its host groups afresh (GROUP-1..N), checks "
          + "the hypothesis, runs the steps, checks it again, rolls back; prints what happens and writes the "
          + "results folder. Exit 0 when the hypothesis held, 1 when it deviated, an abort condition stopped the "
          + "method or the hypothesis did not hold before it, 2 on a bad file or when a host failed, 4 when a host was "
          + "unreachable (these two before 1, as a verdict over hosts that did not run is doubtful; the status line "
          + "counts them). Ctrl-C pulls the kill switch "
          + "(the session under way stops, the rollback runs) and exits with 130.",
          "Example:",
          "  perfsim experiment run examples/2012-incident.yaml --out results/2012"})
  static final class RunVerb implements Callable<Integer> {
    @Mixin CoordinatorConnection.Options connection;

    @Parameters(paramLabel = "FILE", description = "the experiment file (YAML)")
    Path file;

    @Option(names = "--out", paramLabel = "DIR",
        description = "the results folder (default results/FILESTEM-SEED): experiment.yaml, journal.json, "
            + "run.json, report.json, report.html; perf-data/ with the perf.data files of steps that ask for them")
    Path out;

    @Option(names = "--seed", description = "the first repetition's seed instead of the file's (repetition r "
        + "uses seed + r)")
    Long seed;

    @Option(names = "--deadline", defaultValue = "3600", description = "seconds to wait for the run (default "
        + "${DEFAULT-VALUE}); when they pass the kill switch is pulled")
    long deadlineSeconds;

    @Override
    public Integer call() throws Exception {
      String text = read(file);
      if (connection.fleetHosts == null) {
        // the experiment provisions its own hosts: an embedded fleet starts empty
        connection.fleetHosts = 0;
      }
      RunExperimentRequest.Builder request = RunExperimentRequest.newBuilder().setExperimentYaml(text)
          .setFileName(name(file));
      if (seed != null) {
        request.setSeed(seed);
      }
      try (CoordinatorConnection c = CoordinatorConnection.open(connection)) {
        Iterator<ExperimentUpdate> updates = ExperimentServiceGrpc.newBlockingStub(c.channel())
            .withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS).runExperiment(request.build());
        ExperimentStarted started = null;
        ExperimentFinished finished = null;
        Progress progress = null;
        Thread onInterrupt = null;
        int stepsDone = 0;
        Path dir = null;
        int perfDataFiles = 0;
        try {
          while (updates.hasNext()) {
            ExperimentUpdate update = updates.next();
            switch (update.getUpdateCase()) {
              case STARTED -> {
                started = update.getStarted();
                dir = out != null ? out : Path.of("results", stem(file) + "-"
                    + Long.toUnsignedString(started.getSeed()));
                System.out.println(startedLine(started));
                onInterrupt = killSwitchOnInterrupt(c, started.getExperimentId());
                progress = new Progress("experiment " + started.getExperimentId(),
                    started.getSteps() * started.getRepetitions());
              }
              case EVENT -> {
                ExperimentEvent e = update.getEvent();
                String line = eventLine(e, started.getRepetitions() > 1);
                if (line != null) {
                  progress.finish();
                  System.out.println(line);
                }
                if (e.getKind() == ExperimentEvent.Kind.KIND_STEP_FINISHED
                    && (e.getStage() == 0 || e.getStage() == e.getStages())) {
                  stepsDone++;
                }
                progress.update(stepsDone);
              }
              case PERF_DATA_FILE -> {
                writePerfData(dir, update.getPerfDataFile());
                perfDataFiles++;
              }
              case FINISHED -> finished = update.getFinished();
              default -> { }
            }
          }
        } finally {
          if (onInterrupt != null) {
            try {
              Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
              // the hook runs: it pulls the kill switch
            }
          }
          if (progress != null) {
            progress.finish();
          }
        }
        if (finished == null) {
          throw new IllegalStateException("the coordinator ended the run's stream without its results");
        }
        writeResults(dir, finished);
        HostFailures hostFailures = HostFailures.ofJournal(finished.getJournalJson());
        System.out.println(statusLine(finished));
        System.out.println(resultsLine(dir));
        if (perfDataFiles > 0) {
          System.out.println("perf.data: " + count(perfDataFiles, "file") + " in "
              + dir.resolve(ExperimentRunner.PERF_DATA_FOLDER));
        }
        // hosts that did not run make any verdict on the hypothesis doubtful: their status comes first
        return hostFailures.exitStatus() != 0 ? hostFailures.exitStatus()
            : finished.getStatus().equals("completed") ? 0 : NOT_HELD;
      }
    }

    private static String startedLine(ExperimentStarted s) {
      return "experiment " + s.getExperimentId() + ": " + s.getTitle() + " (seed " + Long.toUnsignedString(s.getSeed())
          + (s.getRepetitions() > 1 ? " and the next " + (s.getRepetitions() - 1) : "") + ", "
          + count(s.getHosts(), "host") + ", " + count(s.getGuests(), "guest") + ", " + count(s.getSteps(), "step")
          + ")";
    }

    static String count(int n, String noun) {
      return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** The line a person reads for {@code e}; null for a step's start (its end line says it all). */
    static String eventLine(ExperimentEvent e, boolean manySeeds) {
      String head = manySeeds ? "seed " + Long.toUnsignedString(e.getSeed()) + ": " : "";
      String at = " at " + seconds(e.getAtNanos());
      return switch (e.getKind()) {
        case KIND_STEP_FINISHED -> head + "step " + (e.getStep() + 1) + " '" + e.getName() + "'"
            + (e.getStage() == 0 ? "" : " stage " + e.getStage()) + ": " + e.getText() + at + ", "
            + count(e.getGuestsPanicked(), "guest") + " panicked";
        case KIND_ABORTED -> head + "aborted: " + e.getText() + " (true" + at + ")";
        case KIND_HYPOTHESIS_CHECKED -> head + "hypothesis " + e.getName() + ": " + (e.getHolds() ? "holds" : "deviates")
            + " (" + e.getGuestsRunning() + "/" + e.getGuestsTotal() + " guests running" + at + ")";
        case KIND_ROLLED_BACK -> head + "rollback: " + count(e.getGuestsRebooted(), "guest") + " rebooted" + at;
        default -> null;
      };
    }

    private static String seconds(long nanos) {
      return String.format(java.util.Locale.ROOT, "%.6f s", nanos / 1e9);
    }

    private static String stem(Path file) {
      String name = file.getFileName().toString();
      int dot = name.lastIndexOf('.');
      return dot > 0 ? name.substring(0, dot) : name;
    }

    /** One perf.data file where the server says in the results folder; a path leaving the folder is refused. */
    private static void writePerfData(Path dir, ExperimentPerfDataFile f) throws IOException {
      Path target = dir.resolve(f.getPath()).normalize();
      if (!target.startsWith(dir.resolve(ExperimentRunner.PERF_DATA_FOLDER).normalize())) {
        throw new IllegalStateException("the coordinator sent a perf.data file outside the results folder's "
            + ExperimentRunner.PERF_DATA_FOLDER + "/: " + f.getPath());
      }
      Files.createDirectories(target.getParent());
      Files.write(target, f.getData().toByteArray());
    }

    /** Ctrl-C (or SIGTERM) pulls the run's kill switch before the JVM exits (with 130 for SIGINT). */
    private static Thread killSwitchOnInterrupt(CoordinatorConnection c, String experimentId) {
      Thread hook = new Thread(() -> {
        System.err.println("perfsim: interrupted; pulling the kill switch of experiment " + experimentId + " ...");
        try {
          ExperimentServiceGrpc.newBlockingStub(c.channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
              .cancelExperiment(CancelExperimentRequest.newBuilder().setExperimentId(experimentId).build());
          System.err.println("perfsim: experiment " + experimentId + " cancelled; its rollback runs on the server");
        } catch (RuntimeException e) {
          System.err.println("perfsim: could not cancel experiment " + experimentId + ": " + e.getMessage());
        }
      }, "perfsim-experiment-kill-switch");
      Runtime.getRuntime().addShutdownHook(hook);
      return hook;
    }
  }
}
