package org.perfsim.session;

import java.util.List;
import java.util.stream.IntStream;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.Capabilities;
import org.perfsim.kernel.KernelPolicy;
import org.perfsim.kernel.PerfPermissions;
import org.perfsim.vm.Guest;

/**
 * A simulated KVM host: its CPU, kernel policy, installed perf binary, pCPUs and guests.
 *
 * @param hostUserShare how much of the host tasks' time (outside guest mode) runs in host user mode
 * @param perfEventParanoid the host's {@code kernel.perf_event_paranoid}, -1..3 ({@link PerfPermissions})
 */
public record HostSpec(String hostId, CpuModel cpu, KernelPolicy kernel, PerfGeneration perf, int pcpus,
    List<GuestSpec> guests, double hostUserShare, int perfEventParanoid) {
  public HostSpec {
    guests = List.copyOf(guests);
    if (pcpus < 1) {
      throw new IllegalArgumentException(hostId + ": pcpus must be at least 1");
    }
    UserShare.check(hostId + " host tasks", hostUserShare);
    if (!PerfPermissions.validParanoid(perfEventParanoid)) {
      throw new IllegalArgumentException(hostId + ": perf_event_paranoid " + perfEventParanoid + " is not "
          + PerfPermissions.VALID_PARANOID_TEXT);
    }
  }

  /** A host at the upstream default perf_event_paranoid ({@link PerfPermissions#DEFAULT_PARANOID}). */
  public HostSpec(String hostId, CpuModel cpu, KernelPolicy kernel, PerfGeneration perf, int pcpus,
      List<GuestSpec> guests, double hostUserShare) {
    this(hostId, cpu, kernel, perf, pcpus, guests, hostUserShare, PerfPermissions.DEFAULT_PARANOID);
  }

  /** The same host at another perf_event_paranoid. */
  public HostSpec withPerfEventParanoid(int paranoid) {
    return new HostSpec(hostId, cpu, kernel, perf, pcpus, guests, hostUserShare, paranoid);
  }

  /** What a caller with {@code caps} may open on this host. */
  public PerfPermissions permissions(Capabilities caps) {
    return PerfPermissions.of(kernel, perfEventParanoid, caps);
  }

  /** A host whose own tasks split their time as {@link UserShare#HOST_DEFAULT}. */
  public HostSpec(String hostId, CpuModel cpu, KernelPolicy kernel, PerfGeneration perf, int pcpus,
      List<GuestSpec> guests) {
    this(hostId, cpu, kernel, perf, pcpus, guests, UserShare.HOST_DEFAULT);
  }

  /** {@code guests} 2 GiB one-vCPU guests with the same busy share. */
  public static HostSpec of(String hostId, CpuModel cpu, KernelPolicy kernel, PerfGeneration perf, int pcpus,
      int guests, double busyShare) {
    return new HostSpec(hostId, cpu, kernel, perf, pcpus,
        IntStream.range(0, guests).mapToObj(g -> GuestSpec.linux(g, busyShare)).toList());
  }

  /** Its guests freshly booted, as plain objects indexed by guest id (the in-process host's guests). */
  public List<Guest> bootGuests() {
    return guests.stream().map(GuestSpec::boot).toList();
  }
}
