package org.perfsim.session;

import org.perfsim.vm.Guest;
import org.perfsim.vm.GuestMemoryLayout;
import org.perfsim.vm.RebootPolicy;

/**
 * One guest VM on a host.
 *
 * @param busyShare how much of the time its vCPUs are runnable, 0 (idle) to 1 (always busy)
 * @param reboot what the guest does after a panic
 * @param userShare how much of its vCPUs' busy time runs in guest user mode (CPL 3), 0 to 1
 */
public record GuestSpec(int id, int vcpus, GuestMemoryLayout layout, double busyShare, RebootPolicy reboot,
    double userShare) {
  public GuestSpec {
    if (vcpus < 1) {
      throw new IllegalArgumentException("guest " + id + ": vcpus must be at least 1");
    }
    if (!(busyShare >= 0 && busyShare <= 1)) {
      throw new IllegalArgumentException("guest " + id + ": busy share must be within [0, 1]: " + busyShare);
    }
    UserShare.check("guest " + id, userShare);
  }

  /** A guest whose vCPUs split their busy time as {@link UserShare#GUEST_DEFAULT}. */
  public GuestSpec(int id, int vcpus, GuestMemoryLayout layout, double busyShare, RebootPolicy reboot) {
    this(id, vcpus, layout, busyShare, reboot, UserShare.GUEST_DEFAULT);
  }

  /** A 2 GiB Linux guest with one vCPU that stays down after a panic. */
  public static GuestSpec linux(int id, double busyShare) {
    return new GuestSpec(id, 1, GuestMemoryLayout.linuxGuest(2048), busyShare, RebootPolicy.never());
  }

  /** The guest freshly booted: clean memory, running. */
  public Guest boot() {
    return new Guest(id, layout, reboot);
  }
}
