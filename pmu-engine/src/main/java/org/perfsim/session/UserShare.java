package org.perfsim.session;

/**
 * How much of a context's busy time runs in user mode (CPL 3) rather than kernel mode (CPL 0): the
 * defaults, in one place. The fleet's HOCON ({@code perfsim.fleet.host-user-share},
 * {@code perfsim.fleet.guest.workload.user-share}) repeats them, and FleetConfigTest checks it does.
 *
 * <p>Guests: a server workload spends most of its busy time in user mode; a rule of thumb for a healthy
 * server is about 50-60 % user to 10 % system time, and Netflix's checklist calls system time above 20 %
 * worth a look, so 0.8 of a vCPU's busy time is user mode. Host: what a KVM host runs outside guest mode
 * is mostly kernel work (VM exits, vhost, interrupts); libvirt's accounting of one VM's host-side time
 * shows about a tenth of it in user space (QEMU), so 0.1. Sources in docs/SOURCES.md, "User mode and
 * seeded variation".
 */
public final class UserShare {
  /** Share of a guest vCPU's busy time in guest user mode. */
  public static final double GUEST_DEFAULT = 0.8;
  /** Share of host tasks' time (outside guest mode) in host user mode. */
  public static final double HOST_DEFAULT = 0.1;

  private UserShare() {}

  /** {@code share} if it lies within [0, 1]; otherwise an error naming {@code what}. */
  public static double check(String what, double share) {
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException(what + ": user share must be within [0, 1]: " + share);
    }
    return share;
  }
}
