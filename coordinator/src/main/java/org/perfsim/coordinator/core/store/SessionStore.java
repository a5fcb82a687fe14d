package org.perfsim.coordinator.core.store;

import java.util.List;

/**
 * Where sessions outlive the coordinator: each session's latest state, written on every change, read back at
 * start. Implementations are thread-safe; a failed write throws {@link StoreException}.
 */
public interface SessionStore extends AutoCloseable {

  /** The sequence of a new session, never handed out before by this store (ids stay unique across restarts). */
  long nextSequence();

  /** Writes {@code session}, replacing what was stored under its sequence. */
  void save(StoredSession session);

  /** The newest {@code limit} sessions, oldest first. */
  List<StoredSession> newest(int limit);

  /** The fleet's definitions, kept in the same store. */
  FleetStore fleet();

  /** The experiment runs, kept in the same store. */
  ExperimentStore experiments();

  @Override
  void close();
}
