package org.perfsim.tool;

import java.util.List;
import org.perfsim.abi.AttrCodec;
import org.perfsim.abi.Errno;
import org.perfsim.abi.PerfEventAttr;
import org.perfsim.abi.SampleType;
import org.perfsim.events.EventParser;
import org.perfsim.events.EventSyntaxException;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.OpenResult;
import org.perfsim.kernel.PerfEventOpenSyscall;

/**
 * What perf learns by test-opening events before it builds the attr (util/perf_api_probe.c):
 * whether the kernel takes {@code comm_exec} (which perf then sets on the tracking event) and
 * {@code PERF_SAMPLE_IDENTIFIER} (which perf then uses instead of PERF_SAMPLE_ID when the events'
 * sample types differ). A 3.6 kernel has neither, so a 6.1 perf on it never sends them; the 2012
 * tools had neither feature and do not probe.
 *
 * @param commExec          perf_can_comm_exec()
 * @param sampleIdentifier  perf_can_sample_identifier()
 */
public record KernelProbes(boolean commExec, boolean sampleIdentifier) {

  /** A current kernel: both probes succeed (as on the machine the ground truth comes from). */
  public static final KernelProbes CURRENT_KERNEL = new KernelProbes(true, true);

  /** perf_probe_api's candidates, tried in order until one opens at all. */
  private static final List<String> PROBE_EVENTS = List.of("cycles:u", "instructions:u",
      "cpu-clock:u");

  /**
   * Runs perf's probes against {@code syscall} on {@code cpu}: each candidate event is opened plain
   * (pid -1, then pid 0 on EACCES), and if that works, again with the feature set.
   */
  public static KernelProbes probe(PerfEventOpenSyscall syscall, PerfGeneration generation,
      int cpu) {
    if (generation == PerfGeneration.V3_6 || generation == PerfGeneration.V3_7) {
      return new KernelProbes(false, false);
    }
    boolean commExec = probeFeature(syscall, generation, cpu,
        attr -> attr.toBuilder().flag(org.perfsim.abi.AttrFlag.COMM_EXEC, true).build());
    boolean identifier = probeFeature(syscall, generation, cpu,
        attr -> attr.toBuilder().sampleType(SampleType.IDENTIFIER, true).build());
    return new KernelProbes(commExec, identifier);
  }

  private static boolean probeFeature(PerfEventOpenSyscall syscall, PerfGeneration generation,
      int cpu, java.util.function.UnaryOperator<PerfEventAttr> feature) {
    for (String event : PROBE_EVENTS) {
      PerfEventAttr plain = parsedAttr(event, generation);
      int pid = -1;
      OpenResult first = open(syscall, plain, pid, cpu);
      if (first instanceof OpenResult.Failed failed && failed.errno() == Errno.EACCES) {
        pid = 0;
        first = open(syscall, plain, pid, cpu);
      }
      if (first instanceof OpenResult.Opened) {
        return open(syscall, feature.apply(plain), pid, cpu) instanceof OpenResult.Opened;
      }
    }
    return false;
  }

  private static OpenResult open(PerfEventOpenSyscall syscall, PerfEventAttr attr, int pid,
      int cpu) {
    return syscall.perfEventOpen(AttrCodec.encode(attr), pid, cpu, -1,
        PerfEventOpenSyscall.PERF_FLAG_FD_CLOEXEC);
  }

  private static PerfEventAttr parsedAttr(String event, PerfGeneration generation) {
    try {
      return EventParser.parse(event, generation).first().attr();
    } catch (EventSyntaxException e) {
      throw new IllegalStateException("probe event does not parse: " + event, e);
    }
  }
}
