package org.perfsim.coordinator.core.store;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The experiment runs of the CLI's embedded mode and of a server without a store: nothing outlives the process,
 * and past {@code retained} runs the oldest ended ones are forgotten (as the session registry does).
 */
public final class MemoryExperimentStore implements ExperimentStore {
  private final int retained;
  private final TreeMap<Long, StoredExperiment> bySequence = new TreeMap<>();
  private long next = 1;

  public MemoryExperimentStore(int retained) {
    if (retained < 1) {
      throw new IllegalArgumentException("retained must be at least 1, got " + retained);
    }
    this.retained = retained;
  }

  @Override
  public synchronized long nextSequence() {
    return next++;
  }

  @Override
  public synchronized void save(StoredExperiment experiment) {
    bySequence.put(experiment.sequence(), experiment);
    Iterator<StoredExperiment> oldestFirst = bySequence.values().iterator();
    while (bySequence.size() > retained && oldestFirst.hasNext()) {
      if (!oldestFirst.next().status().equals(StoredExperiment.RUNNING)) {
        oldestFirst.remove();
      }
    }
  }

  @Override
  public synchronized Optional<StoredExperiment> get(String experimentId) {
    return bySequence.values().stream().filter(e -> e.experimentId().equals(experimentId)).findFirst();
  }

  @Override
  public synchronized List<StoredExperiment> newestBefore(long before, int limit) {
    List<StoredExperiment> page = new ArrayList<>();
    for (StoredExperiment e : bySequence.headMap(before, false).descendingMap().values()) {
      if (page.size() == limit) {
        break;
      }
      page.add(e.summary());
    }
    return page;
  }

  @Override
  public synchronized int interruptRunning() {
    // a memory store starts empty with its process: nothing of an earlier run can be left running
    return 0;
  }
}
