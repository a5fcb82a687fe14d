package org.perfsim.tool;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.perfsim.abi.AttrFlag;
import org.perfsim.events.ParsedEvent;
import org.perfsim.events.PerfGeneration;

/**
 * One {@code perf record} or {@code perf stat} command line as a perf of one generation understood
 * it, after its target rules ({@code -p} overrides {@code -a} and {@code -C}; a record with no
 * command profiles the whole system).
 *
 * @param verb             record or stat
 * @param generation       which perf binary
 * @param environment      the machine it runs on (default event, {@code -F max}, CPU list)
 * @param events           every event of every {@code -e}, indexed and grouped across the whole list;
 *                         the generation's default events when no {@code -e} was given
 * @param defaultEvents    no {@code -e} was given
 * @param systemWide       {@code -a}, or a 6.1/modern command with no workload
 * @param cpuList          {@code -C}, empty when not given
 * @param count            {@code -c}: sample period for every event
 * @param frequency        {@code -F}: sample frequency (after {@code max} and throttling)
 * @param pids             {@code -p}, empty when not given
 * @param noInherit        {@code -i}/{@code --no-inherit}
 * @param output           {@code -o}, {@code perf.data} by default (record only)
 * @param callGraph        {@code -g} / {@code --call-graph}
 * @param noBpfEvent       {@code --no-bpf-event} (6.1 and modern record)
 * @param verbosity        number of {@code -v}
 * @param workload         the command perf runs
 * @param notices          what perf printed while reading the options (throttling, target overrides)
 */
public record PerfCommand(
    PerfVerb verb,
    PerfGeneration generation,
    ToolEnvironment environment,
    List<ParsedEvent> events,
    boolean defaultEvents,
    boolean systemWide,
    List<Integer> cpuList,
    OptionalLong count,
    OptionalLong frequency,
    List<Integer> pids,
    boolean noInherit,
    String output,
    Optional<CallGraph> callGraph,
    boolean noBpfEvent,
    int verbosity,
    Workload workload,
    List<String> notices) {

  public PerfCommand {
    events = List.copyOf(events);
    cpuList = List.copyOf(cpuList);
    pids = List.copyOf(pids);
    notices = List.copyOf(notices);
  }

  /**
   * The most samples per second any event of this command may take on one CPU, for an event that counts
   * {@code eventsPerSecond} times a second: a frequency ({@code -F}, perf's default, a {@code freq=} term)
   * is the rate itself, a period ({@code -c N}, a {@code period=N} term) gives {@code eventsPerSecond / N}.
   * 0 for {@code perf stat}, which counts without sampling. An upper bound for sizing work, not perf's
   * exact per-event choice.
   */
  public long samplesPerSecond(long eventsPerSecond) {
    if (verb != PerfVerb.RECORD) {
      return 0;
    }
    Sampling sampling = Sampling.of(this);
    long rate = sampling.frequency() > 0 ? sampling.frequency() : perPeriod(eventsPerSecond, sampling.defaultInterval());
    for (ParsedEvent event : events) {
      long value = event.attr().samplePeriodOrFreq();
      if (value == 0) {
        continue;
      }
      // a u64: a "negative" frequency is an absurdly high one, a "negative" period an absurdly long one
      long eventRate = event.attr().has(AttrFlag.FREQ)
          ? (value < 0 ? Long.MAX_VALUE : value) : perPeriod(eventsPerSecond, value);
      rate = Math.max(rate, eventRate);
    }
    return rate;
  }

  private static long perPeriod(long eventsPerSecond, long period) {
    return period <= 0 ? 0 : Math.max(1, eventsPerSecond / period);
  }

  /** target__has_cpu: system-wide or a CPU list. */
  public boolean hasCpuTarget() {
    return systemWide || !cpuList.isEmpty();
  }

  /** target__has_task: attached to existing processes. */
  public boolean hasPidTarget() {
    return !pids.isEmpty();
  }

  /** target__none: perf forks the workload and enables the events when it execs. */
  public boolean targetNone() {
    return !hasCpuTarget() && !hasPidTarget();
  }

  /** The CPUs a per-CPU event is opened on: the {@code -C} list or every online CPU. */
  public List<Integer> targetCpus() {
    return cpuList.isEmpty() ? environment.cpus() : cpuList;
  }
}
