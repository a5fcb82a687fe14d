package org.perfsim.cli;

import java.util.concurrent.TimeUnit;
import org.perfsim.api.v1.CancelSessionRequest;
import org.perfsim.api.v1.Session;
import org.perfsim.api.v1.SessionServiceGrpc;

/**
 * While {@code run} watches a session, Ctrl-C (SIGINT, or SIGTERM) cancels it on the server after saying so:
 * otherwise the session would go on and its hosts would refuse the next one. A JVM shutdown hook, because
 * the JVM runs those on both signals and then exits with 128 + the signal's number (130 for SIGINT).
 */
final class CancelOnInterrupt {
  /** Bounds the CancelSession call made while the JVM shuts down. */
  private static final long CANCEL_SECONDS = 10;

  private final Thread hook;

  private CancelOnInterrupt(Thread hook) {
    this.hook = hook;
  }

  static CancelOnInterrupt install(CoordinatorConnection connection, String sessionId) {
    Thread hook = new Thread(() -> cancel(connection, sessionId), "perfsim-cancel-on-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    return new CancelOnInterrupt(hook);
  }

  private static void cancel(CoordinatorConnection connection, String sessionId) {
    System.err.println("perfsim: interrupted; cancelling session " + sessionId + " ...");
    try {
      Session cancelled = SessionServiceGrpc.newBlockingStub(connection.channel())
          .withDeadlineAfter(CANCEL_SECONDS, TimeUnit.SECONDS)
          .cancelSession(CancelSessionRequest.newBuilder().setSessionId(sessionId).build());
      System.err.println("perfsim: " + SessionsCommand.cancelled(cancelled));
    } catch (RuntimeException e) {
      System.err.println("perfsim: could not cancel session " + sessionId + " (" + e.getMessage() + "); "
          + "it may still run: perfsim sessions cancel " + sessionId + " --target " + connection.target());
    }
  }

  /** Watching ended normally: a later signal has nothing to cancel. */
  void remove() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run: it does the cancelling
    }
  }
}
