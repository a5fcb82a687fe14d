package org.perfsim.coordinator.core.experiment;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.perfsim.coordinator.core.CoreError;
import org.perfsim.coordinator.core.FleetUseCases;
import org.perfsim.coordinator.core.Limits;
import org.perfsim.coordinator.core.PageToken;
import org.perfsim.coordinator.core.SessionCoordinator;
import org.perfsim.coordinator.core.store.ExperimentStore;
import org.perfsim.coordinator.core.store.MemoryExperimentStore;
import org.perfsim.coordinator.core.store.StoreException;
import org.perfsim.coordinator.core.store.StoredExperiment;
import org.perfsim.report.ReportJson;
import org.perfsim.report.ReportModel;

/**
 * Experiments on the fleet: checks a file, starts a run on a thread of its own (ids {@code x-N}), and pulls a
 * run's kill switch. Every run is recorded in an {@link ExperimentStore} when it starts and again when it ends
 * (with its results' texts), and read back from there by id or newest first; runs an earlier process left
 * running are marked interrupted at construction. Thread-safe.
 */
public final class ExperimentUseCases {
  private static final System.Logger LOG = System.getLogger("perfsim.store");
  private static final String SCOPE = "experiments";
  private final ExperimentRunner runner;
  private final PageToken tokens;
  private final ExperimentStore store;
  private final Map<String, Running> running = new LinkedHashMap<>();

  /** Runs kept in memory only (tests, and what a store-less server does). */
  public ExperimentUseCases(FleetUseCases fleet, SessionCoordinator sessions) {
    this(fleet, sessions, new PageToken(), new MemoryExperimentStore(Limits.RETAINED_EXPERIMENTS));
  }

  /** Runs recorded in {@code store}; listings' page tokens written by {@code tokens} (the server's one scheme). */
  public ExperimentUseCases(FleetUseCases fleet, SessionCoordinator sessions, PageToken tokens,
      ExperimentStore store) {
    this.runner = new ExperimentRunner(fleet, sessions);
    this.tokens = tokens;
    this.store = store;
    int interrupted = store.interruptRunning();
    if (interrupted > 0) {
      LOG.log(System.Logger.Level.INFO, interrupted + " experiment(s) of an earlier run marked interrupted");
    }
  }

  /** Everything a results folder holds, as text; {@code report} is {@code reportJson} as a model. */
  public record Results(Experiment experiment, String resolvedYaml, Journal journal, String journalJson,
      ReportModel report, String reportJson, String runJson) {}

  /** A run under way: its id, what it runs, its kill switch, its results once it is over, and its record as started. */
  public record Running(String id, Experiment experiment, String file, KillSwitch killSwitch,
      CompletableFuture<Results> done, StoredExperiment record) {}

  /** A page of recorded runs, newest first (without their results' texts), and the next page's token. */
  public record Page(List<StoredExperiment> experiments, String nextPageToken) {}

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
      long sequence = store.nextSequence();
      // milliseconds: what every store keeps, so run.json and the record read back agree
      StoredExperiment record = StoredExperiment.started(sequence, "x-" + sequence, file, experiment.title(),
          Instant.now().truncatedTo(ChronoUnit.MILLIS));
      run = new Running(record.experimentId(), experiment, file, new KillSwitch(), new CompletableFuture<>(), record);
      running.put(run.id(), run);
    }
    keep(run.record());
    Thread thread = new Thread(() -> execute(run, listener), "perfsim-experiment-" + run.id());
    thread.setDaemon(true);
    thread.start();
    return run;
  }

  private void execute(Running run, Consumer<ExperimentEvent> listener) {
    try {
      ExperimentRunner.Outcome outcome = runner.run(run.experiment(), run.file(), quiet(listener), run.killSwitch());
      Instant ended = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      Results results = results(run, outcome, ended);
      // recorded before the watcher hears the end, so a GetExperiment after `finished` finds it
      keep(run.record().ended(results.journal().status(), ended, new StoredExperiment.Results(results.resolvedYaml(),
          results.journalJson(), results.runJson(), results.reportJson())));
      run.done().complete(results);
    } catch (Throwable thrown) {
      Throwable failure = thrown instanceof java.util.concurrent.CompletionException c && c.getCause() != null
          ? c.getCause() : thrown;
      keep(run.record().failed(Instant.now().truncatedTo(ChronoUnit.MILLIS), String.valueOf(failure.getMessage())));
      run.done().completeExceptionally(failure);
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

  /** Records {@code record}; a store that fails is logged and the run goes on (its watcher still hears it). */
  private void keep(StoredExperiment record) {
    try {
      store.save(record);
    } catch (StoreException e) {
      LOG.log(System.Logger.Level.WARNING, "experiment " + record.experimentId() + " is not stored: " + e.getMessage());
    }
  }

  private static Results results(Running run, ExperimentRunner.Outcome outcome, Instant ended) {
    ReportModel report = ExperimentReport.of(outcome.journal());
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("experimentId", run.id());
    info.put("file", run.file());
    info.put("status", outcome.journal().status());
    info.put("seeds", outcome.journal().repetitions().stream().map(r -> Long.toUnsignedString(r.seed())).toList());
    info.put("sessionIds", outcome.sessionIds());
    info.put("startTime", run.record().startTime().toString());
    info.put("endTime", ended.toString());
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

  /** The run {@code id} as recorded: INVALID_ARGUMENT when empty or too long, NOT_FOUND when not recorded. */
  public StoredExperiment get(String id) {
    if (id.isEmpty()) {
      throw CoreError.invalid("experiment_id", "required");
    }
    Limits.atMost("experiment_id", id, Limits.MAX_ID_CHARS);
    return store.get(id).orElseThrow(() -> CoreError.notFound("experiment_id",
        "no experiment '" + id + "' (unknown, or aged out of the server's history)"));
  }

  /** One page of the recorded runs, newest first; {@code pageSize} as checked by {@link Limits#pageSize}. */
  public Page list(int pageSize, String pageToken) {
    String last = tokens.decode(SCOPE, pageToken);
    long before;
    try {
      before = last.isEmpty() ? Long.MAX_VALUE : Long.parseLong(last);
    } catch (NumberFormatException e) {
      throw CoreError.invalid("page_token", "not a token from this server for this listing");
    }
    List<StoredExperiment> rows = store.newestBefore(before, pageSize + 1);
    if (rows.size() <= pageSize) {
      return new Page(rows, "");
    }
    List<StoredExperiment> page = rows.subList(0, pageSize);
    return new Page(List.copyOf(page), tokens.encode(SCOPE, Long.toString(page.get(pageSize - 1).sequence())));
  }
}
