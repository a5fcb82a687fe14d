package org.perfsim.coordinator.core.store;

import java.util.List;
import java.util.Optional;

/**
 * Where experiment runs outlive the coordinator: each run recorded when it starts and replaced when it ends,
 * read back by id or newest first. Implementations are thread-safe; a failed read or write throws
 * {@link StoreException}.
 */
public interface ExperimentStore {

  /** The sequence of a new run, never handed out before by this store (ids stay unique across restarts). */
  long nextSequence();

  /** Writes {@code experiment}, replacing what was stored under its sequence. */
  void save(StoredExperiment experiment);

  /** The run {@code experimentId}, with its results. */
  Optional<StoredExperiment> get(String experimentId);

  /** At most {@code limit} runs with a sequence below {@code before}, newest first, without their results. */
  List<StoredExperiment> newestBefore(long before, int limit);

  /** Marks every run still {@code running} (its coordinator stopped under it) as interrupted; how many there were. */
  int interruptRunning();
}
