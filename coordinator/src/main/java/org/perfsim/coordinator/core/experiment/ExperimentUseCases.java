package org.perfsim.coordinator.core.experiment;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.perfsim.coordinator.core.CoreError;
import org.perfsim.coordinator.core.FleetUseCases;
import org.perfsim.coordinator.core.Limits;
import org.perfsim.coordinator.core.SessionCoordinator;
import org.perfsim.report.ReportJson;
import org.perfsim.report.ReportModel;

/**
 * Experiments on the fleet: checks a file, starts a run on a thread of its own (ids {@code x-N}), and pulls a
 * run's kill switch. A run belongs to the server until it ends; it is forgotten then (its results went to
 * whoever watched it: the journal is in the last update). Thread-safe.
 */
public final class ExperimentUseCases {
  private final ExperimentRunner runner;
  private final Map<String, Running> running = new LinkedHashMap<>();
  private long nextId = 1;

  public ExperimentUseCases(FleetUseCases fleet, SessionCoordinator sessions) {
    this.runner = new ExperimentRunner(fleet, sessions);
  }

  /** Everything a results folder holds, as text; {@code report} is {@code reportJson} as a model. */
  public record Results(Experiment experiment, String resolvedYaml, Journal journal, String journalJson,
      ReportModel report, String reportJson, String runJson) {}

  /** A run under way: its id, what it runs, its kill switch, and its results once it is over. */
  public record Running(String id, Experiment experiment, String file, KillSwitch killSwitch,
      CompletableFuture<Results> done) {}

  /**
   * The experiment {@code text} describes, with {@code seedOverride} as its first seed if given; a
   * {@link CoreError} ({@code FILE:LINE: FIELD: MESSAGE}) when it is not a valid experiment.
   */
  public static Experiment read(String file, String text, OptionalLong seedOverride) {
    Experiment experiment = ExperimentReader.read(file, text);
    return seedOverride.isPresent() ? experiment.withSeed(seedOverride.getAsLong()) : experiment;
  }

  /**
   * Checks {@code text} and starts running it; {@code listener} hears every event (on the run's thread, so it
   * must not block for long). RESOURCE_EXHAUSTED when {@link Limits#MAX_RUNNING_EXPERIMENTS} already run.
   */
  public Running start(String file, String text, OptionalLong seedOverride, Consumer<ExperimentEvent> listener) {
    Experiment experiment = read(file, text, seedOverride);
    Running run;
    synchronized (this) {
      if (running.size() >= Limits.MAX_RUNNING_EXPERIMENTS) {
        throw CoreError.exhausted("experiment_yaml", running.size() + " experiments are running, the server's limit");
      }
      run = new Running("x-" + nextId++, experiment, file, new KillSwitch(), new CompletableFuture<>());
      running.put(run.id(), run);
    }
    Thread thread = new Thread(() -> execute(run, listener), "perfsim-experiment-" + run.id());
    thread.setDaemon(true);
    thread.start();
    return run;
  }

  private void execute(Running run, Consumer<ExperimentEvent> listener) {
    Instant started = Instant.now();
    try {
      ExperimentRunner.Outcome outcome = runner.run(run.experiment(), run.file(), quiet(listener), run.killSwitch());
      run.done().complete(results(run, outcome, started));
    } catch (Throwable failure) {
      run.done().completeExceptionally(failure instanceof java.util.concurrent.CompletionException c
          && c.getCause() != null ? c.getCause() : failure);
    } finally {
      synchronized (this) {
        running.remove(run.id());
      }
    }
  }

  /** A listener that fails must not stop the run (a watcher that went away, say). */
  private static Consumer<ExperimentEvent> quiet(Consumer<ExperimentEvent> listener) {
    return event -> {
      try {
        listener.accept(event);
      } catch (RuntimeException ignored) {
        // the run goes on; the watcher misses this event
      }
    };
  }

  private static Results results(Running run, ExperimentRunner.Outcome outcome, Instant started) {
    ReportModel report = ExperimentReport.of(outcome.journal());
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("experimentId", run.id());
    info.put("file", run.file());
    info.put("status", outcome.journal().status());
    info.put("seeds", outcome.journal().repetitions().stream().map(r -> Long.toUnsignedString(r.seed())).toList());
    info.put("sessionIds", outcome.sessionIds());
    info.put("startTime", started.toString());
    info.put("endTime", Instant.now().toString());
    return new Results(run.experiment(), ResolvedExperiment.yaml(run.experiment()), outcome.journal(),
        outcome.journal().toJson(), report, ReportJson.toJson(report), Journal.json(info));
  }

  /** Pulls the kill switch of run {@code id}: NOT_FOUND if no such run is under way, FAILED_PRECONDITION if pulled. */
  public Running cancel(String id) {
    if (id.isEmpty()) {
      throw CoreError.invalid("experiment_id", "required");
    }
    Running run;
    synchronized (this) {
      run = running.get(id);
    }
    if (run == null) {
      throw CoreError.notFound("experiment_id", "no experiment '" + id + "' is running");
    }
    if (!run.killSwitch().pull()) {
      throw CoreError.failedPrecondition("experiment_id", "experiment " + id + " is already being cancelled");
    }
    return run;
  }
}
