package org.perfsim.coordinator.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.perfsim.coordinator.core.SessionSummary.SessionState;
import org.perfsim.coordinator.core.store.StoredSession;

/**
 * What every session store promises, run on each real database: sessions read back byte for byte after the
 * store is closed and opened again, a save replaces, the newest come oldest first, sequences never repeat.
 */
abstract class SessionStoreContract {

  /** The same database as every earlier call (its schema migrated), opened anew. */
  abstract JdbcSessionStore open();

  private static byte[] bytes(int size, int seed) {
    byte[] view = new byte[size];
    for (int i = 0; i < size; i++) {
      view[i] = (byte) (i * 31 + seed);
    }
    return view;
  }

  @Test
  void aSessionReadBackAfterReopeningIsByteForByteTheOneWritten() {
    long sequence;
    byte[] view = bytes(300_000, 7);
    try (JdbcSessionStore store = open()) {
      sequence = store.nextSequence();
      store.save(new StoredSession(sequence, "s-" + sequence, SessionState.FINISHED, view));
    }
    try (JdbcSessionStore store = open()) {
      StoredSession back = store.newest(1).get(0);
      assertEquals(sequence, back.sequence());
      assertEquals("s-" + sequence, back.sessionId());
      assertEquals(SessionState.FINISHED, back.state());
      assertArrayEquals(view, back.view());
    }
  }

  @Test
  void savingASessionAgainReplacesIt() {
    try (JdbcSessionStore store = open()) {
      long sequence = store.nextSequence();
      store.save(new StoredSession(sequence, "s-" + sequence, SessionState.RUNNING, bytes(10, 1)));
      store.save(new StoredSession(sequence, "s-" + sequence, SessionState.CANCELLED, bytes(20, 2)));
      List<StoredSession> newest = store.newest(1);
      assertEquals(List.of(new StoredSession(sequence, "s-" + sequence, SessionState.CANCELLED, bytes(20, 2))), newest);
    }
  }

  @Test
  void theNewestSessionsComeOldestFirst() {
    try (JdbcSessionStore store = open()) {
      long first = 0;
      for (int i = 0; i < 5; i++) {
        long sequence = store.nextSequence();
        first = i == 0 ? sequence : first;
        store.save(new StoredSession(sequence, "s-" + sequence, SessionState.FINISHED, bytes(4, i)));
      }
      assertEquals(List.of(first + 2, first + 3, first + 4),
          store.newest(3).stream().map(StoredSession::sequence).toList());
    }
  }

  @Test
  void sequencesNeverRepeatAcrossReopening() {
    long before;
    try (JdbcSessionStore store = open()) {
      store.nextSequence();
      before = store.nextSequence();
    }
    try (JdbcSessionStore store = open()) {
      assertTrue(store.nextSequence() > before);
    }
  }
}
