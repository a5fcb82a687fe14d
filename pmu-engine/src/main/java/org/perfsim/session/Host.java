package org.perfsim.session;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.Capabilities;
import org.perfsim.perfdata.PerfDataFile;
import org.perfsim.perfdata.SampleRecorder;
import org.perfsim.pmu.GuestPhysicalWrite;
import org.perfsim.vm.Guest;
import org.perfsim.vm.GuestDamage;
import org.perfsim.vm.GuestEvent;
import org.perfsim.vm.GuestReport;
import org.perfsim.vm.GuestSnapshot;
import org.perfsim.vm.GuestState;

/**
 * One simulated host over its life, between and during perf sessions: its clock, what each guest last
 * reported, what PEBS writes did to each guest, and the session being stepped. The host actor and the
 * in-process matrix both drive this class, so the rules live once: a session starts where the last one
 * ended, rounded up to a slice boundary; a guest that panicked stays down for the next session; damage
 * counts add up over sessions until the host is provisioned again.
 *
 * <p>The guests themselves are not here: the actor keeps them as child actors, {@link #run} takes them as
 * plain {@link Guest} objects. Either way a session goes {@link #start}, then {@link #step} and one
 * {@link #guestReported} per guest the step names, until {@link #sessionDone}, then {@link #finish}.
 * Not thread-safe: one owner (an actor, a matrix cell) drives it.
 */
public final class Host {
  private final HostSpec spec;
  private final long stepNanos;
  private final Map<Integer, GuestReport> lastReports = new TreeMap<>();
  private final Map<Integer, GuestDamage> damage = new TreeMap<>();
  /** Each guest at rest as its owner last handed it over ({@link #guestSaved}); absent: freshly booted. */
  private final Map<Integer, GuestSnapshot> guestsAtRest = new TreeMap<>();
  private long clockNanos;
  /** The session being stepped; null between sessions. */
  private Stepping session;
  private SteppingMode steppingMode = SteppingMode.DEFAULT;

  /** A host just provisioned as {@code spec}: clock at 0, every guest just booted. */
  public Host(HostSpec spec, long stepNanos) {
    this(spec, stepNanos, 0);
  }

  private Host(HostSpec spec, long stepNanos, long clockNanos) {
    this.spec = spec;
    this.stepNanos = HostSimulation.checkedStep(stepNanos);
    this.clockNanos = clockNanos;
  }

  /**
   * The host {@code spec} as {@code snapshot} recorded it between two sessions (its guests are rebuilt by
   * {@link HostSnapshot#guest}): the next session plays as it would have on the host the snapshot was taken of.
   */
  public static Host restored(HostSpec spec, long stepNanos, HostSnapshot snapshot) {
    Host host = new Host(spec, stepNanos, snapshot.clockNanos());
    snapshot.lastReports().forEach((g, report) -> {
      if (host.hasGuest(g)) {
        host.lastReports.put(g, report);
      }
    });
    snapshot.damage().forEach((g, counts) -> {
      if (host.hasGuest(g)) {
        host.damage.put(g, counts);
      }
    });
    snapshot.guests().forEach((g, atRest) -> {
      if (host.hasGuest(g)) {
        host.guestsAtRest.put(g, atRest);
      }
    });
    return host;
  }

  /** The host between sessions, enough to rebuild it ({@link #restored}). */
  public HostSnapshot snapshot() {
    requireNoSession("snapshot");
    return new HostSnapshot(clockNanos, lastReports, damage, guestsAtRest);
  }

  /**
   * Keeps {@code guest} at rest for the next {@link #snapshot}: the guests' owner hands each one over when it
   * changed (after a step that wrote to it, a stop).
   */
  public void guestSaved(GuestSnapshot guest) {
    if (hasGuest(guest.guestId())) {
      guestsAtRest.put(guest.guestId(), guest);
    }
  }

  /**
   * The same machine provisioned again as {@code newSpec}: its clock runs on, its guests are freshly booted
   * and their damage counts start again from zero.
   */
  public Host reprovisioned(HostSpec newSpec) {
    requireNoSession("provisioned again");
    return new Host(newSpec, stepNanos, clockNanos);
  }

  public HostSpec spec() {
    return spec;
  }

  /** How the next sessions play their slices; the modes give equal results (tests and benchmarks compare them). */
  void stepping(SteppingMode mode) {
    requireNoSession("given another stepping mode");
    steppingMode = mode;
  }

  /** Host time now; between sessions always on a slice boundary. */
  public long clockNanos() {
    return clockNanos;
  }

  public boolean hasGuest(int guestId) {
    return guestId >= 0 && guestId < spec.guests().size();
  }

  /** The guest's state as it last reported it; a guest that never reported is running. */
  public GuestState guestState(int guestId) {
    GuestReport last = lastReports.get(guestId);
    return last == null ? GuestState.RUNNING : last.state();
  }

  /** Every guest's state, by guest id. */
  public Map<Integer, GuestState> guestStates() {
    Map<Integer, GuestState> byGuest = new TreeMap<>();
    for (int g = 0; g < spec.guests().size(); g++) {
      byGuest.put(g, guestState(g));
    }
    return Collections.unmodifiableMap(byGuest);
  }

  /** What PEBS writes did to every guest since the host was provisioned, by guest id. */
  public Map<Integer, GuestDamage> damage() {
    Map<Integer, GuestDamage> byGuest = new TreeMap<>();
    for (int g = 0; g < spec.guests().size(); g++) {
      byGuest.put(g, damage.getOrDefault(g, GuestDamage.NONE));
    }
    return Collections.unmodifiableMap(byGuest);
  }

  /**
   * The operator stopped a guest and it answered {@code report}: its state is kept for the next session;
   * the stop's events are not counted as damage.
   */
  public void guestStopped(GuestReport report) {
    lastReports.put(report.guestId(), report);
  }

  /** The guest was booted afresh: it runs again in the next session; its damage counts are kept. */
  public void guestRebooted(int guestId) {
    lastReports.remove(guestId);
    guestsAtRest.remove(guestId);
  }

  /**
   * Parses and opens {@code argv} ({@code perf record ...}) with the host's perf, or {@code perfOverride},
   * at the host's clock, deterministic under {@code seed}. Empty when the session runs (step it); else the
   * result perf ended with at once (a usage error, an errno), the host unchanged.
   */
  public Optional<SessionResult> start(List<String> argv, Optional<PerfGeneration> perfOverride, long seed) {
    return start(argv, perfOverride, seed, OptionalInt.empty());
  }

  /**
   * {@link #start(List, Optional, long)}, recording the first {@code perfDataSamplesPerCpu} samples of each pCPU
   * (at most {@link SampleRecorder#boundedPerCpu}) for the perf.data file {@link #finishWithPerfData} returns
   * (empty: no file, nothing recorded; perf stat writes none either).
   */
  public Optional<SessionResult> start(List<String> argv, Optional<PerfGeneration> perfOverride, long seed,
      OptionalInt perfDataSamplesPerCpu) {
    return start(argv, perfOverride, seed, perfDataSamplesPerCpu, Capabilities.DEFAULT);
  }

  /** {@link #start(List, Optional, long, OptionalInt)}, perf run by a caller with {@code caps}. */
  public Optional<SessionResult> start(List<String> argv, Optional<PerfGeneration> perfOverride, long seed,
      OptionalInt perfDataSamplesPerCpu, Capabilities caps) {
    requireNoSession("given another session");
    SessionStart start = new HostSimulation(spec, seed, stepNanos).start(argv, perfOverride, clockNanos,
        List.copyOf(lastReports.values()), caps);
    if (start instanceof SessionStart.Refused refused) {
      return Optional.of(refused.result());
    }
    session = new Stepping(((SessionStart.Started) start).session());
    session.running.stepping(steppingMode);
    // perf stat writes no perf.data
    boolean record = session.running.command().verb() == org.perfsim.tool.PerfVerb.RECORD;
    perfDataSamplesPerCpu.stream().filter(max -> record).forEach(max -> {
      session.recorder = session.running.recordSamples(SampleRecorder.boundedPerCpu(max, spec.pcpus()));
      session.argv = List.copyOf(argv);
    });
    return Optional.empty();
  }

  /** Whether a session was started and has not been finished. */
  public boolean sessionRunning() {
    return session != null;
  }

  /**
   * Emulates every pCPU for one step of the session: the guests to hear from and the writes each must get.
   * When it names no guest, the step is already over.
   */
  public StepWrites step() {
    StepWrites writes = running().running.step();
    session.reports.clear();
    session.awaiting = writes.byGuest().size();
    if (session.awaiting == 0) {
      endStep();
    }
    return writes;
  }

  /** Whether guests named by the last step have yet to report. */
  public boolean awaitingGuests() {
    return session != null && session.awaiting > 0;
  }

  /**
   * A guest's report: its state is kept and what happened to it counted as damage. During a step, true once
   * it was the step's last report (the step is then over: panicked guests are no longer scheduled).
   */
  public boolean guestReported(GuestReport report) {
    lastReports.put(report.guestId(), report);
    for (GuestEvent event : report.events()) {
      damage.put(report.guestId(), damage.getOrDefault(report.guestId(), GuestDamage.NONE).plus(event));
    }
    if (!awaitingGuests()) {
      return false; // a report outside a step (e.g. a late answer between sessions) only updates the guest
    }
    session.reports.add(report);
    if (--session.awaiting > 0) {
      return false;
    }
    endStep();
    return true;
  }

  /**
   * Stops perf in the running session, as SIGINT would: the session ends when the step under way is over,
   * with what perf had, noting the cancel. Nothing happens between sessions.
   */
  public void cancel() {
    if (session != null) {
      session.cancelled = true;
    }
  }

  /** Whether the session ran to its end (or was cancelled) and every guest reported. */
  public boolean sessionDone() {
    return session != null && session.awaiting == 0 && session.running.done();
  }

  /**
   * The session's result (noting a cancel); the host clock moves to the next slice boundary at or after
   * the session's end, where the next session starts (a session runs in whole slices of host time,
   * {@link RunningSession#SLICE_NANOS}, so it starts on a slice boundary, while perf's workload may end
   * inside one: {@code sleep 0.0105}).
   */
  public SessionResult finish() {
    return finishWithPerfData().result();
  }

  /** A finished session's result and, when its start asked for one, its perf.data file. */
  public record Finished(SessionResult result, Optional<PerfDataFile> perfData) {}

  /** {@link #finish()}, with the session's perf.data file when {@link #start} asked for it. */
  public Finished finishWithPerfData() {
    if (!sessionDone()) {
      throw new IllegalStateException(spec.hostId() + ": the session has not run to its end");
    }
    RunningSession running = session.running;
    SessionResult result = running.finish();
    if (session.cancelled) {
      result = result.withNote(running.endNanos() - running.startNanos(),
          "perf interrupted: the session was cancelled");
    }
    Optional<PerfDataFile> perfData = session.recorder == null ? Optional.empty()
        : Optional.of(SessionPerfData.write(running, result, session.argv, session.recorder));
    long slice = RunningSession.SLICE_NANOS;
    clockNanos = (running.endNanos() + slice - 1) / slice * slice;
    session = null;
    return new Finished(result, perfData);
  }

  /**
   * A whole session in-process, with {@code guests} (by guest id) as plain objects that keep their state for
   * the next session: the same steps the host actor takes with guest actors.
   */
  public SessionResult run(List<String> argv, Optional<PerfGeneration> perfOverride, long seed, List<Guest> guests) {
    return run(argv, perfOverride, seed, guests, Capabilities.DEFAULT);
  }

  /** {@link #run(List, Optional, long, List)}, perf run by a caller with {@code caps}. */
  public SessionResult run(List<String> argv, Optional<PerfGeneration> perfOverride, long seed, List<Guest> guests,
      Capabilities caps) {
    Optional<SessionResult> refused = start(argv, perfOverride, seed, OptionalInt.empty(), caps);
    return refused.isPresent() ? refused.get() : playOut(guests).result();
  }

  /** {@link #run}, recording the first {@code perfDataSamplesPerCpu} samples of each pCPU for a perf.data file. */
  public Finished runWithPerfData(List<String> argv, Optional<PerfGeneration> perfOverride, long seed,
      List<Guest> guests, int perfDataSamplesPerCpu) {
    Optional<SessionResult> refused = start(argv, perfOverride, seed, OptionalInt.of(perfDataSamplesPerCpu));
    if (refused.isPresent()) {
      return new Finished(refused.get(), Optional.empty());
    }
    return playOut(guests);
  }

  /** Plays an already started {@code running} session of a host just provisioned (tests shape it first). */
  SessionResult play(RunningSession running, List<Guest> guests) {
    requireNoSession("given another session");
    session = new Stepping(running);
    return playOut(guests).result();
  }

  private Finished playOut(List<Guest> guests) {
    while (!sessionDone()) {
      StepWrites writes = step();
      for (Map.Entry<Integer, List<GuestPhysicalWrite>> e : writes.byGuest().entrySet()) {
        guestReported(guests.get(e.getKey()).apply(e.getValue(), writes.nowNanos(), new ArrayList<>()));
      }
    }
    return finishWithPerfData();
  }

  /** The step's reports go back to the session; a cancel takes effect here, between two steps. */
  private void endStep() {
    session.running.guestsReported(session.reports);
    if (session.cancelled) {
      session.running.interrupt();
    }
  }

  private Stepping running() {
    if (session == null) {
      throw new IllegalStateException(spec.hostId() + " runs no session");
    }
    return session;
  }

  private void requireNoSession(String what) {
    if (session != null) {
      throw new IllegalStateException(spec.hostId() + " cannot be " + what + " while a session runs");
    }
  }

  /** The session being stepped and the step's answers so far. */
  private static final class Stepping {
    final RunningSession running;
    final List<GuestReport> reports = new ArrayList<>();
    int awaiting;
    boolean cancelled;
    /** Set when a perf.data file was asked for. */
    SampleRecorder recorder;
    List<String> argv = List.of();

    Stepping(RunningSession running) {
      this.running = running;
    }
  }
}
