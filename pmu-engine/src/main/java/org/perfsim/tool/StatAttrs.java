package org.perfsim.tool;

import java.util.List;
import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.ReadFormat;
import org.perfsim.abi.SampleType;
import org.perfsim.events.PerfGeneration;

/**
 * perf stat's attr: counting, never sampling (create_perf_stat_counter in builtin-stat.c).
 *
 * <p>6.1 and modern (checked against the 6.1 binary): read_format
 * TOTAL_TIME_ENABLED|TOTAL_TIME_RUNNING, plus ID|GROUP in a group of several; sample_type
 * IDENTIFIER; sample_period cleared; group leaders disabled, and enabled on exec when perf runs the
 * workload; {@code P} keeps the parsed precise level, since only perf record's evsel__config turns
 * it into 3. 3.6/3.7 (source only): the same read_format, no sample_type, and disabled plus
 * enable_on_exec only when perf runs the workload (3.6 on every event, 3.7 on group leaders);
 * CPU-wide counters were opened enabled.
 */
final class StatAttrs {

  private StatAttrs() {}

  static List<ConfiguredEvent> build(PerfCommand command) {
    boolean legacy = command.generation() == PerfGeneration.V3_6
        || command.generation() == PerfGeneration.V3_7;
    List<Evsel> evsels = command.events().stream().map(Evsel::of).toList();
    for (Evsel e : evsels) {
      if (e.preciseMax) {
        e.attr.preciseIp(e.parsedPreciseLevel);
      }
      e.attr.readFormat(ReadFormat.TOTAL_TIME_ENABLED.mask()
          | ReadFormat.TOTAL_TIME_RUNNING.mask());
      e.set(AttrFlag.INHERIT, !command.noInherit());
      e.attr.samplePeriodOrFreq(0);
      if (legacy) {
        legacyEnable(command, e);
      } else {
        if (e.groupSize > 1) {
          e.read(ReadFormat.ID);
          e.read(ReadFormat.GROUP);
        }
        e.attr.sampleType(SampleType.IDENTIFIER.mask());
        e.set(AttrFlag.DISABLED, e.leader());
        e.set(AttrFlag.ENABLE_ON_EXEC, e.leader() && command.targetNone());
      }
    }
    return evsels.stream().map(Evsel::configured).toList();
  }

  private static void legacyEnable(PerfCommand command, Evsel e) {
    boolean leader = command.generation() == PerfGeneration.V3_6 || e.leader();
    boolean enableOnExec = !command.hasCpuTarget() && !command.hasPidTarget() && leader;
    e.set(AttrFlag.DISABLED, enableOnExec);
    e.set(AttrFlag.ENABLE_ON_EXEC, enableOnExec);
  }
}
