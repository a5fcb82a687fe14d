package org.perfsim.coordinator.core.experiment;

/** What a running experiment tells its watchers, in order; times are simulated, from the repetition's start. */
public sealed interface ExperimentEvent permits ExperimentEvent.StepStarted, ExperimentEvent.StepFinished,
    ExperimentEvent.Aborted, ExperimentEvent.Checked, ExperimentEvent.RolledBack,
    ExperimentEvent.PerfDataWritten {

  long seed();

  /** A step (or a stage of one, {@code stage} 1-based; 0 without stages) started on {@code hosts} hosts. */
  record StepStarted(long seed, int step, String name, int stage, int stages, int hosts, long atNanos)
      implements ExperimentEvent {}

  record StepFinished(long seed, int step, String name, int stage, long endNanos, int guestsPanicked, String status)
      implements ExperimentEvent {}

  /** An abort condition fired: the method stops. */
  record Aborted(long seed, String condition, long atNanos, String detail) implements ExperimentEvent {}

  /** The steady-state hypothesis was checked ({@code before}, {@code after}, {@code after-rollback}). */
  record Checked(long seed, Journal.Check check) implements ExperimentEvent {}

  record RolledBack(long seed, long atNanos, int guestsRebooted) implements ExperimentEvent {}

  /**
   * A host's perf.data file of a step that asked for one, sent before the step's {@link StepFinished};
   * {@code path} is where it goes in the results folder ({@code Journal.PerfDataRecord#file}).
   */
  record PerfDataWritten(long seed, String path, org.perfsim.perfdata.PerfDataFile file) implements ExperimentEvent {}
}
