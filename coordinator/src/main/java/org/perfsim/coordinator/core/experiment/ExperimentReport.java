package org.perfsim.coordinator.core.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.perfsim.report.ReportModel;

/**
 * An experiment run's {@link ReportModel}, built from its journal alone (so the report shows nothing the
 * journal does not say): guests up per host group against simulated time, the panics with their causes, the
 * steps and rollout stages, the verdicts, one row per host. With several repetitions, each one's series,
 * stages and verdicts are named after its seed; all of them start at simulated time 0.
 */
public final class ExperimentReport {
  private ExperimentReport() {}

  public static ReportModel of(Journal journal) {
    boolean many = journal.repetitions().size() > 1;
    List<ReportModel.GroupSeries> series = new ArrayList<>();
    List<ReportModel.PanicPoint> panics = new ArrayList<>();
    List<ReportModel.Stage> stages = new ArrayList<>();
    List<ReportModel.Verdict> verdicts = new ArrayList<>();
    List<ReportModel.HostRow> hosts = new ArrayList<>();
    long end = 0;
    for (Journal.Repetition rep : journal.repetitions()) {
      String suffix = many ? " (seed " + Long.toUnsignedString(rep.seed()) + ")" : "";
      end = Math.max(end, rep.endNanos());
      Map<String, List<ReportModel.Point>> byGroup = new TreeMap<>();
      Map<String, Integer> totals = new TreeMap<>();
      rep.hosts().forEach(h -> totals.merge(h.group(), h.guests(), Integer::sum));
      rep.guestsUp().forEach(p -> byGroup.computeIfAbsent(p.group(), g -> new ArrayList<>())
          .add(new ReportModel.Point(p.atNanos(), p.guestsUp())));
      byGroup.forEach((group, points) -> series.add(new ReportModel.GroupSeries(group + suffix,
          totals.getOrDefault(group, 0), points)));
      for (Journal.StepRecord step : rep.steps()) {
        step.panics().forEach(p -> panics.add(new ReportModel.PanicPoint(p.atNanos(), p.host(), p.guest(),
            p.cause())));
        String name = step.name() + (step.stage() == 0 ? "" : " stage " + step.stage() + " (" + step.stageSize() + ")");
        stages.add(new ReportModel.Stage(name + suffix, step.startNanos(), step.endNanos(), step.hosts().size(),
            step.status() + (step.guestsPanicked() == 0 ? "" : ", " + step.guestsPanicked() + " guests panicked")));
      }
      for (Journal.Check check : checks(rep)) {
        verdicts.add(new ReportModel.Verdict("hypothesis " + check.name() + suffix, check.holds(), check.guestsRunning()
            + " of " + check.guestsTotal() + " guests running (" + Percent.text(check.percentRunning()) + "): "
            + check.hypothesis()));
      }
      if (rep.abort() != null) {
        verdicts.add(new ReportModel.Verdict("abort" + suffix, false, rep.abort().condition() + ": "
            + rep.abort().detail() + ", true at " + ExperimentReader.durationText(rep.abort().atNanos())));
      }
      verdicts.add(new ReportModel.Verdict("status" + suffix, rep.status().equals(Journal.Status.COMPLETED.word()),
          rep.status()));
      rep.hosts().forEach(h -> hosts.add(new ReportModel.HostRow(h.host(), h.group(), outcome(rep, h.host()),
          h.guests(), h.guestsPanicked(), many ? "seed " + Long.toUnsignedString(rep.seed()) : "")));
    }
    return new ReportModel(journal.title(), "experiment " + journal.file() + ", seed"
        + (many ? "s " : " ") + seeds(journal), end, series, panics, stages, verdicts, hosts);
  }

  private static List<Journal.Check> checks(Journal.Repetition rep) {
    List<Journal.Check> checks = new ArrayList<>();
    for (Journal.Check c : new Journal.Check[] {rep.before(), rep.after(), rep.afterRollback()}) {
      if (c != null) {
        checks.add(c);
      }
    }
    return checks;
  }

  /** The host's last outcome in the repetition, "not selected" if no step ran on it. */
  private static String outcome(Journal.Repetition rep, String host) {
    String last = "not selected";
    for (Journal.StepRecord step : rep.steps()) {
      for (Journal.HostStepRecord r : step.results()) {
        if (r.host().equals(host)) {
          last = r.outcome();
        }
      }
    }
    return last;
  }

  private static String seeds(Journal journal) {
    return String.join(", ", journal.repetitions().stream().map(r -> Long.toUnsignedString(r.seed())).toList());
  }
}
