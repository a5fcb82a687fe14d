package org.perfsim.report;

import java.util.List;
import org.perfsim.report.ReportModel.GroupSeries;
import org.perfsim.report.ReportModel.HostRow;
import org.perfsim.report.ReportModel.PanicPoint;
import org.perfsim.report.ReportModel.Point;
import org.perfsim.report.ReportModel.Stage;
import org.perfsim.report.ReportModel.Verdict;

/** Known report models for the renderer's tests. */
public final class ReportModels {
  static final long S = 1_000_000_000L;
  static final long MS = 1_000_000L;
  /** A group name with markup in it: drawn and shown as text, never parsed. */
  public static final String IVY = "ivybridge <kernel 3.6> & perf \"3.6\"";
  static final String SKY = "skylake, kernel 3.8, perf 6.1";

  private ReportModels() {}

  /**
   * A two-stage rollout over 10 s: the Ivy Bridge group (2 hosts x 4 guests) loses 4 guests (kernel_data at
   * 1.2 s, two at 1.5 s, page_tables at 3 s), the Skylake group (1 host x 4 guests) none.
   */
  public static ReportModel cascade() {
    return new ReportModel("perf record -e cycles:p -ag -- sleep 10 </script><script>alert(1)</script>",
        "session s-7", 10 * S,
        List.of(new GroupSeries(IVY, 8, List.of(new Point(0, 8), new Point(1200 * MS, 7), new Point(1500 * MS, 5),
                new Point(3 * S, 4))),
            new GroupSeries(SKY, 4, List.of(new Point(0, 4)))),
        List.of(new PanicPoint(1200 * MS, "host-0", 1, "kernel_data"),
            new PanicPoint(1500 * MS, "host-0", 2, "kernel_data"),
            new PanicPoint(1500 * MS, "host-1", 0, "kernel_data"),
            new PanicPoint(3 * S, "host-1", 3, "page_tables")),
        List.of(new Stage("canary", 0, 2 * S, 1, "passed"), new Stage("rest <all>", 2 * S, 10 * S, 2, "aborted")),
        List.of(new Verdict("no guest panics", false, "4 of 12 guests panicked"),
            new Verdict("perf ran", true, "3 of 3 hosts")),
        List.of(new HostRow("host-0", IVY, "guests-crashed", 4, 2, "Kernel panic <data>"),
            new HostRow("host-1", IVY, "guests-crashed", 4, 2, ""),
            new HostRow("host-2", SKY, "ok", 4, 0, "")));
  }

  /** Nothing ran: no groups, panics, stages, verdicts or hosts, and no simulated time. */
  public static ReportModel empty() {
    return new ReportModel("nothing", "session s-0", 0, List.of(), List.of(), List.of(), List.of(), List.of());
  }
}
