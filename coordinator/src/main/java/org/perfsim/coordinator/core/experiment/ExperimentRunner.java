package org.perfsim.coordinator.core.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.perfsim.coordinator.core.CoreError;
import org.perfsim.coordinator.core.FleetUseCases;
import org.perfsim.coordinator.core.HostResult;
import org.perfsim.coordinator.core.HostSelection;
import org.perfsim.coordinator.core.HostView;
import org.perfsim.coordinator.core.SessionCoordinator;
import org.perfsim.coordinator.core.SessionRequest;
import org.perfsim.coordinator.core.SessionSummary;
import org.perfsim.coordinator.core.TrackedSession;
import org.perfsim.coordinator.core.experiment.Experiment.HostGroup;
import org.perfsim.coordinator.core.experiment.Experiment.Step;
import org.perfsim.coordinator.core.experiment.Journal.Check;
import org.perfsim.coordinator.core.experiment.Journal.PanicRecord;
import org.perfsim.coordinator.core.experiment.Journal.StepRecord;
import org.perfsim.perfdata.PerfDataFile;
import org.perfsim.session.SessionResult;
import org.perfsim.vm.GuestState;

/**
 * Runs an experiment on the fleet, one repetition (seed) after the other: provisions its host groups afresh
 * ({@code GROUP-1..N}), checks the steady-state hypothesis, runs the method's steps one after the other (each
 * a session through {@link SessionCoordinator}, a staged rollout one session per stage), checks the abort
 * conditions at the end of every step or stage, checks the hypothesis again, then rolls back (reboots the
 * guests that are down) and checks it once more. Blocks the calling thread until the run is over.
 *
 * <p>Simulated time: a step starts at its {@code at}, or when the previous one ended if that is later; a
 * session's own offsets (panics, its end) are added to its start. Abort conditions are evaluated at the end of
 * each step or stage, not while its session runs: the hosts' results arrive in an order that depends on thread
 * scheduling, the panics' simulated times do not. The journal says when a condition first became true (the
 * panic that took the count past the limit) and when it was checked.
 */
public final class ExperimentRunner {
  /** The results folder's folder of perf.data files. */
  public static final String PERF_DATA_FOLDER = "perf-data";
  private final FleetUseCases fleet;
  private final SessionCoordinator sessions;

  public ExperimentRunner(FleetUseCases fleet, SessionCoordinator sessions) {
    this.fleet = fleet;
    this.sessions = sessions;
  }

  /** A run's journal and what is not deterministic about it: the ids of the sessions it started, in order. */
  public record Outcome(Journal journal, List<String> sessionIds) {
    public Outcome {
      sessionIds = List.copyOf(sessionIds);
    }
  }

  /**
   * Runs every repetition of {@code experiment} ({@code file} names it in the journal), telling {@code listener}
   * what happens; a pulled {@code killSwitch} stops the method (the rollback still runs) and the repetitions
   * after it. A {@link CoreError} when the fleet refuses (a host busy with another session, the host limit).
   */
  public Outcome run(Experiment experiment, String file, Consumer<ExperimentEvent> listener, KillSwitch killSwitch) {
    List<Journal.Repetition> repetitions = new ArrayList<>();
    List<String> sessionIds = new ArrayList<>();
    for (int r = 0; r < experiment.repetitions() && (r == 0 || !killSwitch.pulled()); r++) {
      repetitions.add(new Repetition(experiment, experiment.seed() + r, listener, killSwitch, sessionIds).run());
    }
    Journal.Status worst = repetitions.stream().map(rep -> statusOf(rep.status()))
        .max(Comparator.naturalOrder()).orElse(Journal.Status.CANCELLED);
    return new Outcome(new Journal(experiment.title(), file, experiment.guestsTotal(), worst.word(), repetitions),
        sessionIds);
  }

  private static Journal.Status statusOf(String word) {
    for (Journal.Status s : Journal.Status.values()) {
      if (s.word().equals(word)) {
        return s;
      }
    }
    throw new IllegalArgumentException(word);
  }

  /** One repetition's state while it runs. */
  private final class Repetition {
    private final Experiment experiment;
    private final long seed;
    private final Consumer<ExperimentEvent> listener;
    private final KillSwitch killSwitch;
    private final List<String> sessionIds;
    private final Map<String, HostGroup> groupOf = new TreeMap<>();
    private final Map<String, Integer> upByHost = new TreeMap<>();
    private final Map<String, Integer> upByGroup = new LinkedHashMap<>();
    private final List<Journal.GroupPoint> series = new ArrayList<>();
    private final List<PanicRecord> panics = new ArrayList<>();
    private final List<StepRecord> steps = new ArrayList<>();
    private long clock;

    Repetition(Experiment experiment, long seed, Consumer<ExperimentEvent> listener, KillSwitch killSwitch,
        List<String> sessionIds) {
      this.experiment = experiment;
      this.seed = seed;
      this.listener = listener;
      this.killSwitch = killSwitch;
      this.sessionIds = sessionIds;
      experiment.fleet().forEach(g -> g.hostIds().forEach(id -> groupOf.put(id, g)));
    }

    Journal.Repetition run() {
      for (int i = 0; i < experiment.fleet().size(); i++) {
        fleet.reprovision(ExperimentReader.provisionRequest(experiment.fleet().get(i)), "fleet[" + i + "]").join();
      }
      refresh(groupOf.keySet(), 0);
      Check before = check("before");
      Journal.Abort abort = null;
      Journal.Status status;
      if (!before.holds()) {
        status = Journal.Status.NOT_STEADY;
      } else {
        abort = method();
        status = abort != null ? Journal.Status.ABORTED
            : killSwitch.pulled() ? Journal.Status.CANCELLED : Journal.Status.COMPLETED;
      }
      Check after = null;
      if (status == Journal.Status.COMPLETED) {
        after = check("after");
        if (!after.holds()) {
          status = Journal.Status.DEVIATED;
        }
      }
      Journal.RollbackRecord rollback = null;
      Check afterRollback = null;
      if (experiment.rollback().rebootPanickedGuests()) {
        rollback = rollback();
        afterRollback = check("after-rollback");
      }
      return new Journal.Repetition(seed, status.word(), before, steps, abort, after, rollback, afterRollback, clock,
          hostRecords(), series);
    }

    /** Runs the steps; the abort that stopped them, or null. */
    private Journal.Abort method() {
      // drawn for every step in order, so a step's hosts and seeds depend only on the file and the seed
      SplittableRandom seeds = new SplittableRandom(seed);
      for (int i = 0; i < experiment.method().size(); i++) {
        Step step = experiment.method().get(i);
        long selectSeed = seeds.nextLong();
        long sessionSeed = seeds.nextLong() >>> 1;
        clock = Math.max(clock, step.atNanos().orElse(clock));
        List<List<String>> batches = batches(step, select(step.selector(), selectSeed), selectSeed);
        for (int k = 0; k < batches.size(); k++) {
          if (killSwitch.pulled()) {
            return null;
          }
          int stage = step.stages().isEmpty() ? 0 : k + 1;
          StepRecord record = batches.get(k).isEmpty() ? skipped(i, step, stage)
              : session(i, step, stage, batches.get(k), sessionSeed + 1000L * k);
          steps.add(record);
          Journal.Abort abort = abortCondition();
          if (abort != null) {
            listener.accept(new ExperimentEvent.Aborted(seed, abort.condition(), abort.atNanos(), abort.detail()));
            return abort;
          }
        }
      }
      return null;
    }

    private List<String> select(Experiment.Selector selector, long selectSeed) {
      List<String> pool = groupOf.entrySet().stream()
          .filter(e -> selector.groups().isEmpty() || selector.groups().contains(e.getValue().name()))
          .map(Map.Entry::getKey).toList();
      return switch (selector.mode()) {
        case ONE -> HostSelection.pick(pool, 1, selectSeed);
        case ALL -> pool;
        case FIXED -> HostSelection.pick(pool, (int) selector.value(), selectSeed);
        case FIXED_PERCENT -> HostSelection.pick(pool, HostSelection.countOf(selector.value(), pool.size()),
            selectSeed);
        case RANDOM_MAX_PERCENT -> HostSelection.pick(pool, 1 + new SplittableRandom(selectSeed)
            .nextInt(Math.max(1, HostSelection.countOf(selector.value(), pool.size()))), selectSeed);
      };
    }

    /** The hosts of each session of {@code step}: all selected at once, or each stage's new ones. */
    private List<List<String>> batches(Step step, List<String> selected, long selectSeed) {
      if (step.stages().isEmpty()) {
        return List.of(selected);
      }
      List<String> order = HostSelection.shuffled(selected, selectSeed);
      List<List<String>> batches = new ArrayList<>();
      int reached = 0;
      for (Experiment.StageSize stage : step.stages()) {
        int upTo = Math.max(reached, stage.hostsOf(selected.size()));
        batches.add(order.subList(reached, upTo).stream().sorted().toList());
        reached = upTo;
      }
      return batches;
    }

    private StepRecord skipped(int index, Step step, int stage) {
      return new StepRecord(index, step.name(), stage, stageSize(step, stage), step.commandLine(), clock, clock,
          "skipped", List.of(), 0, List.of(), List.of());
    }

    private StepRecord session(int index, Step step, int stage, List<String> hosts, long sessionSeed) {
      long start = clock;
      listener.accept(new ExperimentEvent.StepStarted(seed, index, step.name(), stage, step.stages().size(),
          hosts.size(), start));
      TrackedSession session = sessions.start(new SessionRequest(new SessionRequest.CommandLine(step.commandLine()),
          Optional.empty(), OptionalLong.of(sessionSeed), new SessionRequest.Ids(hosts), step.perfData(),
          step.perfData() ? OptionalInt.of(step.perfDataSamplesPerCpu()) : OptionalInt.empty()));
      sessionIds.add(session.id());
      // the session's results keep no files: they come to a listener (replayed if the hosts were quicker)
      Map<String, PerfDataFile> files = new ConcurrentHashMap<>();
      if (step.perfData()) {
        session.listen(new TrackedSession.Listener() {
          @Override
          public void hostResult(TrackedSession s, HostResult result, SessionSummary.Progress progress) {
            result.perfData().ifPresent(file -> files.put(result.hostId(), file));
          }

          @Override
          public void finished(TrackedSession s) {}
        });
      }
      killSwitch.running(session.id(), this::cancelQuietly);
      session.done().join();
      killSwitch.running("", this::cancelQuietly);
      List<HostResult> results = session.results().stream().sorted(Comparator.comparing(HostResult::hostId)).toList();
      long end = start;
      List<PanicRecord> stepPanics = new ArrayList<>();
      List<Journal.HostStepRecord> rows = new ArrayList<>();
      for (HostResult host : results) {
        if (host.result().isEmpty()) {
          // the CLI's exit status tells the two apart (HostFailures: 2 failed, 4 unreachable)
          rows.add(new Journal.HostStepRecord(host.hostId(), host.isUnreachable() ? "unreachable" : "failed", -1, 0,
              host.nodeError(), List.of()));
          continue;
        }
        SessionResult r = host.result().get();
        PerfDataFile file = files.get(host.hostId());
        Journal.PerfDataRecord perfData = null;
        if (file != null) {
          perfData = new Journal.PerfDataRecord(perfDataPath(index, stage, host.hostId()), r.hostSamples(),
              r.totalGuestSamples());
          listener.accept(new ExperimentEvent.PerfDataWritten(seed, perfData.file(), file));
        }
        rows.add(new Journal.HostStepRecord(host.hostId(), r.outcome().word(), r.exitStatus(), r.panics().size(),
            r.perfMessage(), r.timeline().stream().map(t -> new Journal.TimelineEntry(start + t.atNanos(), t.what()))
            .toList(), perfData));
        r.panics().forEach(p -> stepPanics.add(new PanicRecord(start + p.atNanos(), host.hostId(), p.guestId(),
            p.cause().label(), p.reason())));
        if (!r.timeline().isEmpty()) {
          end = Math.max(end, start + r.timeline().get(r.timeline().size() - 1).atNanos());
        }
      }
      stepPanics.sort(Comparator.comparingLong(PanicRecord::atNanos).thenComparing(PanicRecord::host)
          .thenComparingInt(PanicRecord::guest));
      for (PanicRecord p : stepPanics) {
        upByHost.merge(p.host(), -1, Integer::sum);
        point(p.atNanos(), groupOf.get(p.host()).name());
      }
      panics.addAll(stepPanics);
      clock = end;
      refresh(hosts, end);
      String status = session.state() == SessionSummary.SessionState.CANCELLED ? "cancelled" : "finished";
      listener.accept(new ExperimentEvent.StepFinished(seed, index, step.name(), stage, end, stepPanics.size(),
          status));
      return new StepRecord(index, step.name(), stage, stageSize(step, stage), step.commandLine(), start, end, status,
          hosts, stepPanics.size(), stepPanics, rows);
    }

    /** {@code perf-data/SEED/step-N[-stage-K]/HOST.perf.data}: a path of the results folder, the same every run. */
    private String perfDataPath(int index, int stage, String hostId) {
      return PERF_DATA_FOLDER + "/" + Long.toUnsignedString(seed) + "/step-" + (index + 1)
          + (stage == 0 ? "" : "-stage-" + stage) + "/" + hostId + ".perf.data";
    }

    private void cancelQuietly(String sessionId) {
      try {
        sessions.cancel(sessionId);
      } catch (CoreError alreadyOver) {
        // it ended on its own meanwhile: nothing left to stop
      }
    }

    private static String stageSize(Step step, int stage) {
      return stage == 0 ? "" : step.stages().get(stage - 1).toString();
    }

    /** The first abort condition that holds now, with the time it became true; null if none does. */
    private Journal.Abort abortCondition() {
      int total = experiment.guestsTotal();
      for (Experiment.AbortCondition condition : experiment.abortWhen()) {
        Set<String> down = new HashSet<>();
        for (PanicRecord p : panics) {
          down.add(p.host() + "/" + p.guest());
          if (Percent.of(down.size(), total) > condition.maxGuestsPanickedPercent()) {
            int count = (int) panics.stream().map(x -> x.host() + "/" + x.guest()).distinct().count();
            return new Journal.Abort(condition.text(), p.atNanos(), clock, count, count + " of " + total
                + " guests panicked (" + Percent.text(round(Percent.of(count, total))) + ")");
          }
        }
      }
      return null;
    }

    private Check check(String name) {
      int running = upByHost.values().stream().mapToInt(Integer::intValue).sum();
      int total = experiment.guestsTotal();
      double percent = round(Percent.of(running, total));
      Check check = new Check(name, experiment.hypothesis().title(), clock, running, total, percent,
          Percent.of(running, total) >= experiment.hypothesis().minGuestsRunningPercent());
      listener.accept(new ExperimentEvent.Checked(seed, check));
      return check;
    }

    /** Reboots every guest that is down (panicked, or rebooting by its policy); stopped guests stay stopped. */
    private Journal.RollbackRecord rollback() {
      List<String> rebooted = new ArrayList<>();
      for (String hostId : groupOf.keySet()) {
        HostView view = fleet.describe(hostId).join();
        for (HostView.GuestView guest : view.guests()) {
          if (guest.state() == GuestState.PANICKED || guest.state() == GuestState.REBOOTING) {
            fleet.rebootGuest(hostId, guest.guestId()).join();
            rebooted.add(hostId + "/" + guest.guestId());
          }
        }
      }
      refresh(groupOf.keySet(), clock);
      listener.accept(new ExperimentEvent.RolledBack(seed, clock, rebooted.size()));
      return new Journal.RollbackRecord(clock, rebooted);
    }

    /** Asks {@code hosts} how many of their guests run, and records the change per group at {@code atNanos}. */
    private void refresh(java.util.Collection<String> hosts, long atNanos) {
      List<CompletableFuture<HostView>> views = hosts.stream().map(fleet::describe).toList();
      for (CompletableFuture<HostView> view : views) {
        HostView v = view.join();
        upByHost.put(v.host().hostId(), (int) v.guests().stream().filter(g -> g.state().vcpusRun()).count());
      }
      experiment.fleet().forEach(g -> point(atNanos, g.name()));
    }

    /** A series point for {@code group} if its count changed since its last one. */
    private void point(long atNanos, String group) {
      int up = upByHost.entrySet().stream().filter(e -> groupOf.get(e.getKey()).name().equals(group))
          .mapToInt(Map.Entry::getValue).sum();
      Integer last = upByGroup.put(group, up);
      if (last == null || last != up) {
        series.add(new Journal.GroupPoint(atNanos, group, up));
      }
    }

    private List<Journal.HostRecord> hostRecords() {
      List<Journal.HostRecord> rows = new ArrayList<>();
      for (Map.Entry<String, HostGroup> host : groupOf.entrySet()) {
        String id = host.getKey();
        int panicked = (int) panics.stream().filter(p -> p.host().equals(id)).map(PanicRecord::guest).distinct()
            .count();
        rows.add(new Journal.HostRecord(id, host.getValue().name(), host.getValue().guestsPerHost(),
            upByHost.getOrDefault(id, 0), panicked));
      }
      return rows;
    }
  }

  /** Percentages in the journal keep two decimals, so that they read well and compare exactly. */
  static double round(double percent) {
    return Math.round(percent * 100) / 100.0;
  }
}
