package org.perfsim.coordinator;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import org.perfsim.api.v1.Session;
import org.perfsim.api.v1.SessionState;
import org.perfsim.coordinator.core.SessionRegistry;
import org.perfsim.coordinator.core.SessionSummary;
import org.perfsim.coordinator.core.TrackedSession;
import org.perfsim.coordinator.core.store.SessionJournal;
import org.perfsim.coordinator.core.store.SessionStore;
import org.perfsim.coordinator.core.store.StoreException;
import org.perfsim.coordinator.core.store.StoredSession;

/**
 * The sessions' journal over a {@link SessionStore}: each session is stored as the API returns it in full
 * (perfsim.v1.Session bytes), so GetSession after a restart answers byte for byte as before. A store that fails
 * a write is logged, and the session carries on in memory.
 */
public final class StoredSessions implements SessionJournal {
  private static final System.Logger LOG = System.getLogger("perfsim.store");
  private final SessionStore store;

  public StoredSessions(SessionStore store) {
    this.store = store;
  }

  @Override
  public long nextSequence() {
    return store.nextSequence();
  }

  @Override
  public void record(TrackedSession session) {
    try {
      store.save(new StoredSession(session.sequence(), session.id(), session.state(),
          ApiMessages.session(session, true).toByteArray()));
    } catch (StoreException e) {
      LOG.log(System.Logger.Level.WARNING, "session " + session.id() + " is not stored: " + e.getMessage());
    }
  }

  /** Turns the sessions that were running when the coordinator stopped into INTERRUPTED ones, stored so. */
  @Override
  public List<StoredSession> recover(int limit) {
    List<StoredSession> recovered = new ArrayList<>();
    for (StoredSession stored : store.newest(limit)) {
      if (stored.state() == SessionSummary.SessionState.RUNNING) {
        Session was = view(stored);
        Session interrupted = was.toBuilder().setSummary(was.getSummary().toBuilder()
            .setState(SessionState.SESSION_STATE_INTERRUPTED)).build();
        stored = new StoredSession(stored.sequence(), stored.sessionId(), SessionSummary.SessionState.INTERRUPTED,
            interrupted.toByteArray());
        store.save(stored);
      }
      recovered.add(stored);
    }
    return recovered;
  }

  /** The session of an earlier run as GetSession returns it; {@code full} keeps every host's result. */
  static Session session(SessionRegistry.Past past, boolean full) {
    Session stored = view(past.stored());
    return full ? stored : stored.toBuilder().clearHostResults().build();
  }

  private static Session view(StoredSession stored) {
    try {
      return Session.parseFrom(stored.view());
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException("session " + stored.sessionId() + " is stored damaged: " + e.getMessage(), e);
    }
  }
}
