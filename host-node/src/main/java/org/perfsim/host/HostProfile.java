package org.perfsim.host;

import java.util.stream.IntStream;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.guest.GuestProfile;
import org.perfsim.kernel.KernelPolicy;
import org.perfsim.kernel.PerfPermissions;
import org.perfsim.session.HostSpec;
import org.perfsim.session.UserShare;
import org.perfsim.wire.CborSerializable;

/**
 * What one simulated host is: the hardware, the kernel, the perf binary installed on it and its guests.
 * Names are the ones the CLI and the config use ({@code ivybridge}, {@code 3.6}); the host entity turns
 * them into the domain's types when it is provisioned.
 *
 * @param hostId the entity id, e.g. {@code host-0}
 * @param cpu CPU model id
 * @param kernel kernel policy name
 * @param perfVersion perf generation of the installed perf binary
 * @param pcpus physical CPUs, each with its own emulated PMU
 * @param guests how many guest VMs run on the host
 * @param guest how each guest is built
 * @param hostUserShare share of the host's own tasks' time in host user mode, 0..1
 * @param userKernel the user kernel policy named {@code kernel} (its knobs travel with the profile, so a host
 *     node needs no policy file of its own); null when {@code kernel} is a built-in
 * @param perfEventParanoid the host's {@code kernel.perf_event_paranoid}, -1..3
 */
public record HostProfile(String hostId, String cpu, String kernel, String perfVersion, int pcpus, int guests,
    GuestProfile guest, double hostUserShare, KernelPolicy userKernel, int perfEventParanoid)
    implements CborSerializable {

  public HostProfile {
    require("cpu", CpuModel.byId(cpu).isPresent(), cpu, CpuModel.validIds());
    if (userKernel == null) {
      require("kernel", KernelPolicy.byId(kernel).isPresent(), kernel, KernelPolicy.validIds());
    } else if (!userKernel.id().equals(kernel) || KernelPolicy.byId(kernel).isPresent()) {
      throw new IllegalArgumentException("kernel '" + kernel + "' is not the user policy '" + userKernel.id()
          + "' it carries, or shadows a built-in");
    }
    require("perf-version", PerfGeneration.byId(perfVersion).isPresent(), perfVersion, PerfGeneration.validIds());
    if (pcpus < 1) {
      throw new IllegalArgumentException("a host needs at least one pCPU, got " + pcpus);
    }
    if (guests < 0) {
      throw new IllegalArgumentException("guest count must not be negative, got " + guests);
    }
    UserShare.check("host-user-share", hostUserShare);
    if (!PerfPermissions.validParanoid(perfEventParanoid)) {
      throw new IllegalArgumentException("perf_event_paranoid " + perfEventParanoid + " is not "
          + PerfPermissions.VALID_PARANOID_TEXT);
    }
  }

  /** A host at the upstream default perf_event_paranoid. */
  public HostProfile(String hostId, String cpu, String kernel, String perfVersion, int pcpus, int guests,
      GuestProfile guest, double hostUserShare, KernelPolicy userKernel) {
    this(hostId, cpu, kernel, perfVersion, pcpus, guests, guest, hostUserShare, userKernel,
        PerfPermissions.DEFAULT_PARANOID);
  }

  /** A host under the built-in kernel policy {@code kernel}. */
  public HostProfile(String hostId, String cpu, String kernel, String perfVersion, int pcpus, int guests,
      GuestProfile guest, double hostUserShare) {
    this(hostId, cpu, kernel, perfVersion, pcpus, guests, guest, hostUserShare, null);
  }

  /** A host whose own tasks split their time as the domain's default ({@link UserShare#HOST_DEFAULT}). */
  public HostProfile(String hostId, String cpu, String kernel, String perfVersion, int pcpus, int guests,
      GuestProfile guest) {
    this(hostId, cpu, kernel, perfVersion, pcpus, guests, guest, UserShare.HOST_DEFAULT);
  }

  /** A host under {@code policy}, built in or a user's: a user's policy is carried, a built-in named. */
  public static HostProfile of(String hostId, String cpu, KernelPolicy policy, String perfVersion, int pcpus,
      int guests, GuestProfile guest) {
    return new HostProfile(hostId, cpu, policy.id(), perfVersion, pcpus, guests, guest, UserShare.HOST_DEFAULT,
        carried(policy));
  }

  /** The kernel policy the host runs: the carried user policy, else the built-in named {@code kernel}. */
  public KernelPolicy kernelPolicy() {
    return userKernel != null ? userKernel : KernelPolicy.byId(kernel).orElseThrow();
  }

  private static void require(String field, boolean known, String value, String valid) {
    if (!known) {
      throw new IllegalArgumentException("unknown " + field + " '" + value + "', expected one of " + valid);
    }
  }

  /** The host as the domain simulates it. */
  public HostSpec toSpec() {
    return new HostSpec(hostId, CpuModel.byId(cpu).orElseThrow(), kernelPolicy(),
        PerfGeneration.byId(perfVersion).orElseThrow(), pcpus,
        IntStream.range(0, guests).mapToObj(guest::toSpec).toList(), hostUserShare, perfEventParanoid);
  }

  /** The same host under another id with another number of guests. */
  public HostProfile withGuests(String newHostId, int newGuests) {
    return new HostProfile(newHostId, cpu, kernel, perfVersion, pcpus, newGuests, guest, hostUserShare, userKernel,
        perfEventParanoid);
  }

  /** The same host under the built-in kernel policy {@code newKernel}. */
  public HostProfile withKernel(String newKernel) {
    return new HostProfile(hostId, cpu, newKernel, perfVersion, pcpus, guests, guest, hostUserShare, null,
        perfEventParanoid);
  }

  /** The same host under {@code policy}, built in or a user's. */
  public HostProfile withKernel(KernelPolicy policy) {
    return new HostProfile(hostId, cpu, policy.id(), perfVersion, pcpus, guests, guest, hostUserShare,
        carried(policy), perfEventParanoid);
  }

  /** What a profile carries of {@code policy}: a user policy itself, nothing for a built-in (named by id). */
  private static KernelPolicy carried(KernelPolicy policy) {
    return KernelPolicy.builtIns().contains(policy) ? null : policy;
  }

  public HostProfile withPerfVersion(String newPerfVersion) {
    return new HostProfile(hostId, cpu, kernel, newPerfVersion, pcpus, guests, guest, hostUserShare, userKernel,
        perfEventParanoid);
  }

  /** The same host at another {@code kernel.perf_event_paranoid}. */
  public HostProfile withPerfEventParanoid(int paranoid) {
    return new HostProfile(hostId, cpu, kernel, perfVersion, pcpus, guests, guest, hostUserShare, userKernel,
        paranoid);
  }
}
