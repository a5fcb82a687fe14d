package org.perfsim.perfdata;

import java.util.List;
import org.perfsim.abi.PerfEventAttr;

/**
 * What one host's perf.data file holds: the events as the kernel opened them, the recorded samples and
 * where the session ran.
 *
 * @param hostname / osRelease / cpuDescription what {@code perf report --header} shows for the machine
 * @param cmdline perf's command line
 * @param events the events perf opened, in order, each with the attr the kernel received
 * @param periods events per sample on each CPU (a sample's PERIOD)
 * @param startNanos / endNanos the session's host time
 * @param recordsIntoGuests PEBS records the assist wrote into guest memory instead of the host's buffer: perf
 *     never received them, the file counts them as lost samples
 */
public record PerfDataSession(String hostname, String osRelease, String cpuDescription, List<String> cmdline,
    List<Event> events, SampleRecorder samples, long[] periods, long startNanos, long endNanos,
    long recordsIntoGuests) {

  /** One opened event: perf's name for it and its attr. */
  public record Event(String name, PerfEventAttr attr) {}

  public PerfDataSession {
    cmdline = List.copyOf(cmdline);
    events = List.copyOf(events);
    periods = periods.clone();
    if (events.isEmpty()) {
      throw new IllegalArgumentException("a perf.data file needs at least one event");
    }
    if (periods.length != samples.cpus()) {
      throw new IllegalArgumentException(periods.length + " periods for " + samples.cpus() + " CPUs");
    }
  }
}
