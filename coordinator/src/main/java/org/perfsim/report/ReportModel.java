package org.perfsim.report;

import java.util.List;

/**
 * What a report shows, as data: the same model for one session and for an experiment run, written next to the
 * HTML as {@code report.json} (the HTML embeds it and draws from it). Times are simulated nanoseconds from
 * the start of what is reported.
 *
 * @param title what was run (the experiment's title, or the session's perf command line)
 * @param subject where it came from ("session s-...", "experiment examples/x.yaml, seed 42")
 * @param endNanos the simulated time the plots run to
 * @param guestsUp per host group, guests running against simulated time (a step function)
 * @param panics every guest panic, with its cause
 * @param stages the steps or rollout stages, in order (one for a single session)
 * @param verdicts the hypothesis, abort-condition and outcome lines
 * @param hosts one row per host
 */
public record ReportModel(String title, String subject, long endNanos, List<GroupSeries> guestsUp,
    List<PanicPoint> panics, List<Stage> stages, List<Verdict> verdicts, List<HostRow> hosts) {

  public ReportModel {
    guestsUp = List.copyOf(guestsUp);
    panics = List.copyOf(panics);
    stages = List.copyOf(stages);
    verdicts = List.copyOf(verdicts);
    hosts = List.copyOf(hosts);
  }

  /** One host group's guests running over time; {@code points} ordered by time, the first at 0. */
  public record GroupSeries(String group, int guestsTotal, List<Point> points) {
    public GroupSeries {
      points = List.copyOf(points);
    }
  }

  public record Point(long atNanos, int guestsUp) {}

  /** A guest's panic: when, where, and its cause ({@code PanicCause.label()}, e.g. "kernel_data"). */
  public record PanicPoint(long atNanos, String hostId, int guestId, String cause) {}

  /** A step or rollout stage: what ran on how many hosts from when to when, and how it ended. */
  public record Stage(String name, long startNanos, long endNanos, int hosts, String status) {}

  public record Verdict(String name, boolean passed, String detail) {}

  public record HostRow(String hostId, String group, String outcome, int guests, int guestsPanicked, String note) {}
}
