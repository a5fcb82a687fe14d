package org.perfsim.coordinator.core.experiment;

import java.util.function.Consumer;

/**
 * Stops a running experiment (Chaos Mesh's kill switch): the session under way is cancelled, no further step
 * or stage starts, and the rollback still runs, so no host stays claimed and no guest stays panicked that the
 * rollback would have rebooted. Thread-safe.
 */
public final class KillSwitch {
  private boolean pulled;
  private String currentSession = "";
  private Consumer<String> cancelSession = id -> { };

  /** Pulls the switch; false if it was pulled already. */
  public boolean pull() {
    String running;
    Consumer<String> cancel;
    synchronized (this) {
      if (pulled) {
        return false;
      }
      pulled = true;
      running = currentSession;
      cancel = cancelSession;
    }
    if (!running.isEmpty()) {
      cancel.accept(running);
    }
    return true;
  }

  public synchronized boolean pulled() {
    return pulled;
  }

  /**
   * The session now running, cancelled at once if the switch is already pulled; "" when none. A session that
   * starts after a pull is cancelled by the runner itself before it waits for it.
   */
  void running(String sessionId, Consumer<String> cancel) {
    boolean cancelNow;
    synchronized (this) {
      currentSession = sessionId;
      cancelSession = cancel;
      cancelNow = pulled && !sessionId.isEmpty();
    }
    if (cancelNow) {
      cancel.accept(sessionId);
    }
  }
}
