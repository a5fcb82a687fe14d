package org.perfsim.coordinator.core.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;

/**
 * What an experiment run did, step by step, as {@code journal.json}: only simulated times (nanoseconds from
 * the start of the repetition) and what the file and seed decide, never a wall-clock time or a session id
 * (those are in {@code run.json}), so the same file and seed give the same journal byte for byte.
 *
 * @param status over all repetitions: the worst of theirs ({@link Status})
 */
public record Journal(String title, String file, int guestsTotal, String status, List<Repetition> repetitions) {

  public Journal {
    repetitions = List.copyOf(repetitions);
  }

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  /** The journal as {@code journal.json}'s text (two-space indents, a final newline). */
  public String toJson() {
    return json(this);
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  /**
   * How a repetition ended, best first: the hypothesis held before and after the method; it did not hold
   * after it; an abort condition stopped the method; the kill switch stopped it; it did not hold before
   * (the method did not run).
   */
  public enum Status {
    COMPLETED("completed"), DEVIATED("deviated"), ABORTED("aborted"), CANCELLED("cancelled"),
    NOT_STEADY("not-steady");

    private final String word;

    Status(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }
  }

  /**
   * One repetition (one seed). {@code after} is null when the method was aborted or cancelled, {@code abort}
   * null when no condition fired, {@code rollback} and {@code afterRollback} null without a rollback.
   */
  public record Repetition(long seed, String status, Check before, List<StepRecord> steps, Abort abort, Check after,
      RollbackRecord rollback, Check afterRollback, long endNanos, List<HostRecord> hosts,
      List<GroupPoint> guestsUp) {
    public Repetition {
      steps = List.copyOf(steps);
      hosts = List.copyOf(hosts);
      guestsUp = List.copyOf(guestsUp);
    }
  }

  /**
   * A host group's guests running from {@code atNanos} on (a step function, one point per change): lowered at
   * each panic's time, and set to what the hosts report at the end of each step and after the rollback.
   */
  public record GroupPoint(long atNanos, String group, int guestsUp) {}

  /** The steady-state hypothesis checked at {@code atNanos}: which point ({@code before}, ...), and the count. */
  public record Check(String name, String hypothesis, long atNanos, int guestsRunning, int guestsTotal,
      double percentRunning, boolean holds) {}

  /**
   * One session of the method: a step, or one stage of a staged rollout ({@code stage} 1-based, 0 when the
   * step has no stages). {@code status}: {@code finished}, {@code cancelled} (kill switch) or {@code skipped}
   * (a stage that adds no host).
   */
  public record StepRecord(int step, String name, int stage, String stageSize, String command, long startNanos,
      long endNanos, String status, List<String> hosts, int guestsPanicked, List<PanicRecord> panics,
      List<HostStepRecord> results) {
    public StepRecord {
      hosts = List.copyOf(hosts);
      panics = List.copyOf(panics);
      results = List.copyOf(results);
    }
  }

  /** A guest panic at experiment time {@code atNanos}, its cause ({@code PanicCause}'s label) and the guest's text. */
  public record PanicRecord(long atNanos, String host, int guest, String cause, String reason) {}

  /**
   * One host's outcome in a step: perf's outcome word and exit status, its guests that panicked, and the
   * session's timeline on that host (at experiment time: e.g. the 2026 race's stale IA32_PEBS_ENABLE loads).
   */
  public record HostStepRecord(String host, String outcome, int exitStatus, int guestsPanicked, String perfMessage,
      List<TimelineEntry> timeline, PerfDataRecord perfData) {
    public HostStepRecord {
      timeline = List.copyOf(timeline);
    }

    /** A host without a perf.data file (the step asked for none, or perf wrote none there). */
    public HostStepRecord(String host, String outcome, int exitStatus, int guestsPanicked, String perfMessage,
        List<TimelineEntry> timeline) {
      this(host, outcome, exitStatus, guestsPanicked, perfMessage, timeline, null);
    }
  }

  /**
   * The host's perf.data file in the results folder ({@code file}, relative to it) and perf's sample totals of
   * the session there, which the file holds all of unless the step's {@code perf-data-samples} bounded it.
   * Only names and counts: the journal stays the same for the same file and seed, whatever the file's bytes.
   */
  public record PerfDataRecord(String file, long samplesHost, long samplesGuests) {}

  public record TimelineEntry(long atNanos, String what) {}

  /**
   * An abort condition that fired: checked at the end of a step or stage ({@code checkedAtNanos}), it became
   * true at {@code atNanos}, the time of the panic that took the count past the limit.
   */
  public record Abort(String condition, long atNanos, long checkedAtNanos, int guestsPanicked, String detail) {}

  /** The rollback at {@code atNanos}: the guests rebooted, as {@code HOST/GUEST}. */
  public record RollbackRecord(long atNanos, List<String> rebooted) {
    public RollbackRecord {
      rebooted = List.copyOf(rebooted);
    }
  }

  /** A host at the end of the repetition: guests running, and those that panicked during it. */
  public record HostRecord(String host, String group, int guests, int guestsRunning, int guestsPanicked) {}
}
