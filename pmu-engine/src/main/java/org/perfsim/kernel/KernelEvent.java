package org.perfsim.kernel;

/**
 * What the kernel made of an opened event: the contexts it will count in and how it samples. This, not
 * the attr bits alone, is what the PMU is programmed from (a policy may narrow what the attr asked).
 *
 * @param countsHost counts while the host (not a guest) runs
 * @param countsGuest counts while a guest's vCPU runs on the CPU
 * @param preciseIp the precise level the event was accepted with (0 = not precise)
 * @param usesPebs the counter is armed in IA32_PEBS_ENABLE (Intel, precise_ip > 0)
 * @param capturesLbr precise_ip > 1 on a 2012 kernel: LBR captured for the IP fix-up
 * @param policyNote why the kernel narrowed the event, empty when it did not
 * @param rule the rule that decided its precise level and guest counting
 */
public record KernelEvent(int cpu, int pid, boolean countsHost, boolean countsGuest, int preciseIp,
    boolean usesPebs, boolean capturesLbr, String policyNote, KernelRule rule) {

  /** An event decided by no precise-event rule (precise_ip 0), as tests and probes build them. */
  public KernelEvent(int cpu, int pid, boolean countsHost, boolean countsGuest, int preciseIp, boolean usesPebs,
      boolean capturesLbr, String policyNote) {
    this(cpu, pid, countsHost, countsGuest, preciseIp, usesPebs, capturesLbr, policyNote,
        preciseIp > 0 ? KernelRule.PRECISE_ALLOWED : KernelRule.NOT_PRECISE);
  }
}
