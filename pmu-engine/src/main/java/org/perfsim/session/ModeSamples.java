package org.perfsim.session;

/**
 * A session's samples by the mode the CPU was in when each was taken, as {@code perf report --sort
 * cpu_mode}-like totals: host user, host kernel, guest user, guest kernel. Host samples are the PEBS records
 * the host's buffer received and the non-precise samples taken in host context; guest samples are the
 * non-precise samples taken while a guest ran (a guest-context PEBS record lands in the guest, not in perf).
 */
public record ModeSamples(long hostUser, long hostKernel, long guestUser, long guestKernel) {
  /** A session that never ran. */
  public static final ModeSamples NONE = new ModeSamples(0, 0, 0, 0);

  public long host() {
    return hostUser + hostKernel;
  }

  public long guest() {
    return guestUser + guestKernel;
  }
}
