package org.perfsim.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.perfsim.events.PerfGeneration;
import org.perfsim.session.HostSimulation;
import org.perfsim.session.HostSpec;
import org.perfsim.session.RunningSession;
import org.perfsim.session.SessionResult;
import org.perfsim.session.SessionStart;
import org.perfsim.session.StepWrites;
import org.perfsim.vm.GuestReport;

/**
 * The one place the host actor drives pmu-engine's session stepping: start a session, take a step, feed
 * the guests' reports back, finish (with the cancel note) and round the host clock. Not thread-safe; owned
 * by one {@link HostEntity}.
 */
final class SessionRun {
  private final RunningSession running;
  private final HostEntity.StartSession command;
  private final List<GuestReport> reports = new ArrayList<>();
  private int awaiting;
  private boolean cancelRequested;

  SessionRun(SessionStart.Started started, HostEntity.StartSession command) {
    this.running = started.session();
    this.command = command;
  }

  /**
   * Parses and opens {@code command} on a host of {@code spec} whose clock reads {@code clockNanos}: a
   * running session, or the result perf ended with at once (an errno, a usage error).
   */
  static SessionStart start(HostSpec spec, HostEntity.StartSession command, long stepNanos, long clockNanos,
      List<GuestReport> lastReports) {
    Optional<PerfGeneration> override = command.perfOverride().flatMap(PerfGeneration::byId);
    return new HostSimulation(spec, command.seed(), stepNanos).start(command.argv(), override, clockNanos,
        lastReports);
  }

  HostEntity.StartSession command() {
    return command;
  }

  /** Emulates every pCPU for one step; the writes each guest must get, and how many replies to await. */
  StepWrites step() {
    StepWrites writes = running.step();
    reports.clear();
    awaiting = writes.byGuest().size();
    return writes;
  }

  /** One guest's reply to this step; true once every reply of the step is in. */
  boolean reported(GuestReport report) {
    reports.add(report);
    return --awaiting == 0;
  }

  boolean stepAnswered() {
    return awaiting == 0;
  }

  /** Feeds the step's reports back (panicked guests are no longer scheduled); true if any guest reported. */
  boolean afterStep() {
    running.guestsReported(reports);
    if (cancelRequested) {
      running.interrupt();
    }
    return !reports.isEmpty();
  }

  void cancel() {
    cancelRequested = true;
  }

  boolean done() {
    return running.done();
  }

  /** The session's result, noting a cancel. */
  SessionResult finish() {
    SessionResult result = running.finish();
    return !cancelRequested ? result
        : result.withNote(running.endNanos() - running.startNanos(), "perf interrupted: the session was cancelled");
  }

  /** The host clock after this session: the next session starts on a slice boundary after this one. */
  long clockAfter() {
    long slice = RunningSession.SLICE_NANOS;
    return (running.endNanos() + slice - 1) / slice * slice;
  }
}
