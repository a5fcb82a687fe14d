package org.perfsim.session;

/** How opening a perf session on a host went: perf gave up before running, or its events run. */
public sealed interface SessionStart {

  /** perf rejected its command line or an open failed: the session is over before it ran. */
  record Refused(SessionResult result) implements SessionStart {}

  /** Every event opened; the session runs step by step in simulated time. */
  record Started(RunningSession session) implements SessionStart {}
}
