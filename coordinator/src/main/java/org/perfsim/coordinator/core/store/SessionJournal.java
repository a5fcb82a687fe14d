package org.perfsim.coordinator.core.store;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.perfsim.coordinator.core.TrackedSession;

/**
 * Keeps the sessions of a {@link org.perfsim.coordinator.core.SessionRegistry} beyond the process: it hears a
 * session (under the session's lock, so in order) when it starts, while its hosts report at most once per the
 * registry's journal interval, and when it ends; and gives back, at start, the sessions of the previous run,
 * those that were running then as {@code INTERRUPTED}.
 */
public interface SessionJournal {

  /** The sequence of a new session. */
  long nextSequence();

  /** {@code session} started, changed (host results arrived) or ended. */
  void record(TrackedSession session);

  /** The newest {@code limit} sessions of earlier runs, oldest first; none was left RUNNING. */
  List<StoredSession> recover(int limit);

  /** The journal of the CLI's embedded mode and of tests: nothing outlives the process. */
  static SessionJournal memoryOnly() {
    AtomicLong next = new AtomicLong(1);
    return new SessionJournal() {
      @Override
      public long nextSequence() {
        return next.getAndIncrement();
      }

      @Override
      public void record(TrackedSession session) {
        // memory only: the registry is the whole history
      }

      @Override
      public List<StoredSession> recover(int limit) {
        return List.of();
      }
    };
  }
}
