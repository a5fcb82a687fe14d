package org.perfsim.coordinator.core.store;

import java.time.Instant;
import java.util.Optional;

/**
 * One experiment run as the store keeps it: its place in the history ({@code sequence}, which orders listings),
 * its id, file name, title and status, its wall-clock start and end, why it failed if it did, and the results
 * folder's texts once it ended with them (exactly as streamed in ExperimentFinished; the store never reads them).
 */
public record StoredExperiment(long sequence, String experimentId, String fileName, String title, String status,
    Instant startTime, Optional<Instant> endTime, String error, Optional<Results> results) {

  /** The status of a run under way. */
  public static final String RUNNING = "running";
  /** The status of a run that was under way when its coordinator stopped. */
  public static final String INTERRUPTED = "interrupted";
  /** The status of a run that ended with an error instead of results ({@link #error} says which). */
  public static final String FAILED = "failed";

  /** The results folder's texts: experiment.yaml, journal.json, run.json, report.json. */
  public record Results(String resolvedYaml, String journalJson, String runJson, String reportJson) {}

  /** A run that just started. */
  public static StoredExperiment started(long sequence, String experimentId, String fileName, String title,
      Instant startTime) {
    return new StoredExperiment(sequence, experimentId, fileName, title, RUNNING, startTime, Optional.empty(), "",
        Optional.empty());
  }

  /** This run ended at {@code end} with {@code status} and {@code results}. */
  public StoredExperiment ended(String endStatus, Instant end, Results endResults) {
    return new StoredExperiment(sequence, experimentId, fileName, title, endStatus, startTime, Optional.of(end), "",
        Optional.of(endResults));
  }

  /** This run ended at {@code end} with {@code failure} instead of results. */
  public StoredExperiment failed(Instant end, String failure) {
    return new StoredExperiment(sequence, experimentId, fileName, title, FAILED, startTime, Optional.of(end), failure,
        Optional.empty());
  }

  /** This run as its coordinator's restart finds it: interrupted, no end time known. */
  public StoredExperiment interrupted() {
    return new StoredExperiment(sequence, experimentId, fileName, title, INTERRUPTED, startTime, endTime, error,
        results);
  }

  /** The run without its results' texts, as a listing shows it. */
  public StoredExperiment summary() {
    return new StoredExperiment(sequence, experimentId, fileName, title, status, startTime, endTime, error,
        Optional.empty());
  }
}
