package org.perfsim.coordinator.core.store;

import java.util.Arrays;
import org.perfsim.coordinator.core.SessionSummary.SessionState;

/**
 * One session as the store keeps it: its place in the history ({@code sequence}, which orders listings), its
 * id and state, and {@code view}, the session exactly as the API returned it in full (the store never reads it,
 * so a session read back is byte for byte the one written).
 */
public record StoredSession(long sequence, String sessionId, SessionState state, byte[] view) {
  public StoredSession {
    view = view.clone();
  }

  @Override
  public byte[] view() {
    return view.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StoredSession s && s.sequence == sequence && s.sessionId.equals(sessionId)
        && s.state == state && Arrays.equals(s.view, view);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(sequence) * 31 + sessionId.hashCode();
  }

  @Override
  public String toString() {
    return "StoredSession[" + sequence + ", " + sessionId + ", " + state + ", " + view.length + " bytes]";
  }
}
