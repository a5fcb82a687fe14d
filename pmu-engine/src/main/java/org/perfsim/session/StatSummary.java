package org.perfsim.session;

import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.perfsim.abi.PerfEventAttr;
import org.perfsim.tool.PerfCommand;

/**
 * What perf stat prints when its session ends, as perf 6.1 lays it out (print_header, the counter
 * lines and print_footer of tools/perf/util/stat-display.c; checked against the installed binary
 * with {@code perf stat -e context-switches,page-faults -- sleep 0.01} under {@code LC_ALL=C}, so no
 * thousands separators): the header naming the target, one line per event (the count right-aligned
 * in 18 columns, six blanks, the event name; {@code cpu-clock}/{@code task-clock} in msec), and the
 * elapsed time. Left out: the leading blank line, the metric comments after {@code #}, trailing
 * blanks, and the {@code seconds user}/{@code seconds sys} lines. Events whose count perfsim does not
 * simulate (software events other than the clocks of a CPU-wide session) show
 * {@value #NOT_SIMULATED} where perf would print a number.
 */
final class StatSummary {

  /** perfsim's own marker, in the column where perf prints {@code <not supported>} or a count. */
  static final String NOT_SIMULATED = "<not simulated>";

  /** PERF_COUNT_SW_CPU_CLOCK and PERF_COUNT_SW_TASK_CLOCK: software events counting nanoseconds. */
  private static final long SW_CPU_CLOCK = 0;
  private static final long SW_TASK_CLOCK = 1;

  /**
   * One event's line.
   *
   * @param clock  cpu-clock or task-clock: the count is nanoseconds, printed as msec
   * @param count  empty when perfsim does not simulate this event's count
   */
  record Counter(String event, boolean clock, OptionalLong count) {}

  private StatSummary() {}

  static boolean isClock(PerfEventAttr attr) {
    return attr.type() == PerfEventAttr.TYPE_SOFTWARE
        && (attr.config() == SW_CPU_CLOCK || attr.config() == SW_TASK_CLOCK);
  }

  static String text(PerfCommand command, List<Counter> counters, long elapsedNanos) {
    StringBuilder out = new StringBuilder(" Performance counter stats for ").append(target(command))
        .append(":\n\n");
    for (Counter c : counters) {
      out.append(line(c)).append('\n');
    }
    out.append('\n').append(String.format(Locale.ROOT, " %17.9f seconds time elapsed", elapsedNanos / 1e9));
    return out.toString();
  }

  private static String line(Counter c) {
    if (c.count().isEmpty()) {
      return String.format(Locale.ROOT, "%18s      %s", NOT_SIMULATED, c.event());
    }
    if (c.clock()) {
      return String.format(Locale.ROOT, "%18.2f msec %s", c.count().getAsLong() / 1e6, c.event());
    }
    return String.format(Locale.ROOT, "%18d      %s", c.count().getAsLong(), c.event());
  }

  /** print_header's target: system wide, the CPU list, the process, or the workload's argv. */
  private static String target(PerfCommand command) {
    if (command.systemWide()) {
      return "'system wide'";
    }
    if (!command.cpuList().isEmpty()) {
      return "'CPU(s) " + command.cpuList().stream().map(String::valueOf).collect(Collectors.joining(","))
          + "'";
    }
    if (command.hasPidTarget()) {
      return "process id '" + command.pids().stream().map(String::valueOf).collect(Collectors.joining(","))
          + "'";
    }
    return "'" + command.workload().commandText() + "'";
  }
}
