package org.perfsim.session;

import java.util.List;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.Capabilities;
import org.perfsim.kernel.KernelPolicy;
import org.perfsim.kernel.PerfPermissions;

/**
 * One cell of the ABI matrix: a perf binary runs {@code perf record -e EVENT -a -- sleep 0.1} on a host
 * with {@code guests} one-vCPU guests, busy (vCPUs always runnable) or idle (never scheduled), at the host's
 * {@code perfEventParanoid}, perf run by a caller with {@code caps}.
 */
public record MatrixCase(PerfGeneration perf, KernelPolicy kernel, CpuModel cpu, String event, int guests,
    boolean idleGuests, int perfEventParanoid, Capabilities caps) {
  /** The simulated session of every cell: short, system-wide, on two pCPUs. */
  public static final String WORKLOAD_SECONDS = "0.1";
  public static final int PCPUS = 2;

  /** A cell run by root at the upstream default perf_event_paranoid: permissions refuse nothing. */
  public MatrixCase(PerfGeneration perf, KernelPolicy kernel, CpuModel cpu, String event, int guests,
      boolean idleGuests) {
    this(perf, kernel, cpu, event, guests, idleGuests, PerfPermissions.DEFAULT_PARANOID, Capabilities.DEFAULT);
  }

  public MatrixCase withKernel(KernelPolicy other) {
    return new MatrixCase(perf, other, cpu, event, guests, idleGuests, perfEventParanoid, caps);
  }

  /** The same cell on a host at {@code paranoid}, perf run with {@code callerCaps}. */
  public MatrixCase withPermissions(int paranoid, Capabilities callerCaps) {
    return new MatrixCase(perf, kernel, cpu, event, guests, idleGuests, paranoid, callerCaps);
  }

  public List<String> commandLine() {
    return List.of("perf", "record", "-e", event, "-a", "--", "sleep", WORKLOAD_SECONDS);
  }

  public HostSpec host() {
    return HostSpec.of("matrix-host", cpu, kernel, perf, PCPUS, guests, idleGuests ? 0.0 : 1.0)
        .withPerfEventParanoid(perfEventParanoid);
  }

  /** {@code 4}, or {@code 4 idle}. */
  public String guestsLabel() {
    return idleGuests && guests > 0 ? guests + " idle" : Integer.toString(guests);
  }
}
