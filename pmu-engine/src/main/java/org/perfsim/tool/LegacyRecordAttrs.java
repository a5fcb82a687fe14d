package org.perfsim.tool;

import java.util.List;
import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.ReadFormat;
import org.perfsim.abi.SampleType;
import org.perfsim.events.ParsedEvent;
import org.perfsim.events.PerfGeneration;

/**
 * perf record's attr for the 2012 generations, from perf_evsel__config and
 * perf_evlist__config_attrs of Linux 3.6 and 3.7 (tools/perf/util/evsel.c, evlist.c; not runnable
 * here, so derived from the source alone).
 *
 * <p>read_format TOTAL_TIME_ENABLED|TOTAL_TIME_RUNNING|ID; only the first event tracks, and only
 * mmap and comm (no task, mmap2, comm_exec, ksymbol or bpf_event existed); TIME is sampled only when
 * the events inherit or the session is CPU-wide; a PID target opens per-thread, which turns inherit
 * off; several events add PERF_SAMPLE_ID (IDENTIFIER came in 3.12). 3.6 disables every event and
 * sets enable_on_exec on all of them (it had no groups); 3.7 only on group leaders. DWARF call
 * chains are 3.7's.
 */
final class LegacyRecordAttrs {

  private LegacyRecordAttrs() {}

  static List<ConfiguredEvent> build(PerfCommand command) {
    Sampling sampling = Sampling.of(command);
    // perf_evlist__config_attrs: a per-thread CPU map (PID target) means no inheritance.
    boolean noInherit = command.noInherit() || command.hasPidTarget();
    boolean groupsExist = command.generation() == PerfGeneration.V3_7;
    List<Evsel> evsels = command.events().stream().map(Evsel::of).toList();
    for (Evsel e : evsels) {
      boolean track = e.index == 0;
      boolean leader = !groupsExist || e.leader();
      e.set(AttrFlag.SAMPLE_ID_ALL, true);
      e.set(AttrFlag.INHERIT, !noInherit);
      e.attr.readFormat(ReadFormat.TOTAL_TIME_ENABLED.mask() | ReadFormat.TOTAL_TIME_RUNNING.mask()
          | ReadFormat.ID.mask());
      e.sample(SampleType.IP);
      e.sample(SampleType.TID);
      // The 2012 test is &&: -c and -F together were needed to override a config-term period.
      boolean bothGiven = sampling.userFrequency() && sampling.userInterval();
      if (e.attr.build().samplePeriodOrFreq() == 0 || bothGiven) {
        defaultFreqPeriod(e, sampling);
      }
      command.callGraph().ifPresent(graph -> callchain(e, graph));
      if (command.hasCpuTarget()) {
        e.sample(SampleType.CPU);
      }
      if (!noInherit || command.hasCpuTarget()) {
        e.sample(SampleType.TIME);
      }
      e.set(AttrFlag.MMAP, track);
      e.set(AttrFlag.COMM, track);
      e.set(AttrFlag.DISABLED, leader);
      e.set(AttrFlag.ENABLE_ON_EXEC, command.targetNone() && leader);
      if (evsels.size() > 1) {
        e.sample(SampleType.ID);
      }
    }
    return evsels.stream().map(Evsel::configured).toList();
  }

  private static void defaultFreqPeriod(Evsel e, Sampling sampling) {
    if (sampling.frequency() != 0) {
      e.sample(SampleType.PERIOD);
      e.set(AttrFlag.FREQ, true);
      e.attr.samplePeriodOrFreq(sampling.frequency());
    } else {
      e.attr.samplePeriodOrFreq(sampling.defaultInterval());
    }
  }

  private static void callchain(Evsel e, CallGraph graph) {
    e.sample(SampleType.CALLCHAIN);
    if (graph.mode() == CallGraph.Mode.DWARF) {
      e.sample(SampleType.REGS_USER);
      e.sample(SampleType.STACK_USER);
      e.attr.sampleRegsUser(RecordAttrs.X86_64_USER_REGS);
      e.attr.sampleStackUser(graph.dumpSize());
      e.set(AttrFlag.EXCLUDE_CALLCHAIN_USER, true);
    }
  }
}
