package org.perfsim.coordinator.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The store of a server without a database: newest first, bounded, never forgetting a run under way. */
class MemoryExperimentStoreTest {
  private static final StoredExperiment.Results TEXTS = new StoredExperiment.Results("yaml", "journal", "run",
      "report");

  private static StoredExperiment started(ExperimentStore store) {
    long sequence = store.nextSequence();
    StoredExperiment e = StoredExperiment.started(sequence, "x-" + sequence, "f.yaml", "t", Instant.EPOCH);
    store.save(e);
    return e;
  }

  @Test
  void pastItsBoundTheOldestEndedRunsAreForgottenButNotOneUnderWay() {
    MemoryExperimentStore store = new MemoryExperimentStore(2);
    StoredExperiment running = started(store);
    StoredExperiment first = started(store).ended("completed", Instant.EPOCH, TEXTS);
    store.save(first);
    StoredExperiment second = started(store).ended("deviated", Instant.EPOCH, TEXTS);
    store.save(second);
    assertEquals(Optional.of(running), store.get(running.experimentId()), "a run under way stays");
    assertEquals(Optional.empty(), store.get(first.experimentId()), "the oldest ended run went");
    assertEquals(Optional.of(second), store.get(second.experimentId()));
  }

  @Test
  void aListingIsNewestFirstBeforeTheSequenceGivenWithoutTexts() {
    MemoryExperimentStore store = new MemoryExperimentStore(10);
    for (int i = 0; i < 4; i++) {
      store.save(started(store).ended("completed", Instant.EPOCH, TEXTS));
    }
    assertEquals(List.of("x-3", "x-2"), store.newestBefore(4, 2).stream().map(StoredExperiment::experimentId)
        .toList());
    assertTrue(store.newestBefore(Long.MAX_VALUE, 10).stream().allMatch(e -> e.results().isEmpty()));
    assertEquals(0, store.interruptRunning());
  }
}
