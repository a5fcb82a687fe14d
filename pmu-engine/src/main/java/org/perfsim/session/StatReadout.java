package org.perfsim.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.perfsim.kernel.OpenResult;
import org.perfsim.kernel.PmuProgram;
import org.perfsim.pmu.EmulatedPmu;
import org.perfsim.pmu.Msr;
import org.perfsim.pmu.MsrResult;
import org.perfsim.tool.PerfCommand;
import org.perfsim.tool.PerfOpenLoop;

/**
 * What perf stat reads back at the end of a session: each hardware event's count is what its counter
 * advanced on every CPU (read from the emulated PMCs, so it counts exactly the contexts the attr and
 * the kernel let it count); the cpu-clock/task-clock of a CPU-wide session count the session's time on
 * each CPU. Other software events are not simulated.
 */
final class StatReadout {

  private final EmulatedPmu[] pmus;
  private final PmuProgram[] programs;
  private final long[][] startValues;

  /** Takes each programmed counter's value as the session starts. */
  StatReadout(EmulatedPmu[] pmus, PmuProgram[] programs) {
    this.pmus = pmus;
    this.programs = programs;
    this.startValues = new long[pmus.length][];
    for (int p = 0; p < pmus.length; p++) {
      startValues[p] = new long[programs[p].counters().size()];
      for (int i = 0; i < startValues[p].length; i++) {
        startValues[p][i] = pmc(p, i);
      }
    }
  }

  /** perf stat's closing text for {@code command}, whose events were {@code opened}. */
  String summary(PerfCommand command, List<PerfOpenLoop.Result> opened, long elapsedNanos) {
    Map<Integer, Long> byFd = countsByFd();
    List<StatSummary.Counter> counters = new ArrayList<>();
    for (PerfOpenLoop.Result event : opened) {
      boolean clock = StatSummary.isClock(event.event().attr());
      OptionalLong count = hardwareCount(event, byFd);
      if (count.isEmpty() && clock && command.hasCpuTarget()) {
        count = OptionalLong.of(elapsedNanos * event.opened().size()); // each CPU's clock ran throughout
      }
      counters.add(new StatSummary.Counter(event.event().name(), clock, count));
    }
    return StatSummary.text(command, counters, elapsedNanos);
  }

  /** The sum over the event's CPUs of what its counters advanced; empty if it has no counter. */
  private static OptionalLong hardwareCount(PerfOpenLoop.Result event, Map<Integer, Long> byFd) {
    boolean counted = false;
    long sum = 0;
    for (OpenResult.Opened o : event.opened()) {
      Long c = byFd.get(o.fd());
      if (c != null) {
        counted = true;
        sum += c;
      }
    }
    return counted ? OptionalLong.of(sum) : OptionalLong.empty();
  }

  private Map<Integer, Long> countsByFd() {
    Map<Integer, Long> byFd = new HashMap<>();
    for (int p = 0; p < pmus.length; p++) {
      long mask = pmus[p].model().counterWidthBits() == 64 ? -1L
          : (1L << pmus[p].model().counterWidthBits()) - 1;
      List<PmuProgram.ProgrammedCounter> counters = programs[p].counters();
      for (int i = 0; i < counters.size(); i++) {
        byFd.merge(counters.get(i).fd(), (pmc(p, i) - startValues[p][i]) & mask, Long::sum);
      }
    }
    return byFd;
  }

  private long pmc(int p, int i) {
    MsrResult r = pmus[p].rdmsr(Msr.pmc(i));
    if (r instanceof MsrResult.Value v) {
      return v.value();
    }
    throw new IllegalStateException("counter " + i + " of pCPU " + p + " cannot be read: " + r);
  }
}
