package org.perfsim.kernel;

import java.util.Optional;
import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.Errno;
import org.perfsim.abi.PerfEventAttr;

/**
 * Who may open what on a host: its {@code kernel.perf_event_paranoid} and the caller's capabilities, decided as
 * sys_perf_event_open decides it (kernel/events/core.c; sources in docs/SOURCES.md, "perf_event_paranoid").
 * <ul>
 *   <li>level 3 (Debian's patch "security,perf: Allow further restriction of perf_event_open", 2016): every
 *       open refused first thing for a caller who is not {@code perfmon_capable()};
 *   <li>{@code !attr.exclude_kernel}: {@code perf_allow_kernel()}, EACCES above level 1;
 *   <li>a CPU-wide event (pid -1): {@code perf_allow_cpu()} in {@code find_get_context()}, EACCES above level
 *       0; it runs after the PMU driver took the event, so a driver's refusal comes first.
 * </ul>
 * {@code perfmon_capable()} (include/linux/capability.h, 5.8) is CAP_PERFMON or CAP_SYS_ADMIN. A kernel that
 * predates it (a 2012 policy: its perf_copy_attr knows a 2012 struct) checks {@code capable(CAP_SYS_ADMIN)}
 * only and has no CAP_PERFMON, so a perfmon caller counts as having no capability there; nor does it have
 * Debian's level 3, whose checks ({@code > 1}, {@code > 0}) then treat 3 as 2.
 *
 * @param paranoid the host's {@code /proc/sys/kernel/perf_event_paranoid}, -1..3
 * @param caps the caller's capabilities as given
 * @param modernKernel whether the kernel has CAP_PERFMON and Debian's level 3 (not a 2012 policy)
 */
public record PerfPermissions(int paranoid, Capabilities caps, boolean modernKernel) {
  public static final int MIN_PARANOID = -1;
  /** Debian's "disallow all unprivileged perf_event_open". */
  public static final int MAX_PARANOID = 3;
  /** {@code perf_event_paranoid}'s upstream default since Linux 4.6. */
  public static final int DEFAULT_PARANOID = 2;
  public static final String VALID_PARANOID_TEXT = "one of -1, 0, 1, 2, 3";

  public PerfPermissions {
    if (!validParanoid(paranoid)) {
      throw new IllegalArgumentException("perf_event_paranoid " + paranoid + ": " + VALID_PARANOID_TEXT);
    }
    if (caps == null) {
      throw new IllegalArgumentException("capabilities must be given");
    }
  }

  /** The permissions of a caller with {@code caps} on a host under {@code policy} at {@code paranoid}. */
  public static PerfPermissions of(KernelPolicy policy, int paranoid, Capabilities caps) {
    return new PerfPermissions(paranoid, caps, policy.attrAbi() == PolicyAttrAbi.CURRENT);
  }

  /** root on a host at the upstream default: nothing is refused (the default of every session). */
  public static PerfPermissions root(KernelPolicy policy) {
    return of(policy, DEFAULT_PARANOID, Capabilities.SYS_ADMIN);
  }

  public static boolean validParanoid(int paranoid) {
    return paranoid >= MIN_PARANOID && paranoid <= MAX_PARANOID;
  }

  /** The capabilities the kernel sees: CAP_PERFMON is no capability at all on a kernel that predates it. */
  public Capabilities effectiveCaps() {
    return caps == Capabilities.PERFMON && !modernKernel ? Capabilities.NONE : caps;
  }

  /** {@code perfmon_capable()}; before 5.8 {@code capable(CAP_SYS_ADMIN)}. */
  public boolean perfmonCapable() {
    return effectiveCaps() != Capabilities.NONE;
  }

  /** The level the checks compare against: 3 exists only with Debian's patch, elsewhere it acts as 2. */
  private int level() {
    return modernKernel ? paranoid : Math.min(paranoid, 2);
  }

  /** Debian's {@code perf_paranoid_any()} check at the top of sys_perf_event_open. */
  Optional<OpenResult.Failed> refuseAny() {
    return refuse(level() > 2, KernelRule.PARANOID_ANY,
        "perf_event_paranoid is " + paranoid + " (Debian's 3: no perf_event_open without CAP_PERFMON or "
            + "CAP_SYS_ADMIN)");
  }

  /** {@code perf_allow_kernel()}, asked by sys_perf_event_open when the attr does not exclude the kernel. */
  Optional<OpenResult.Failed> refuseKernel(PerfEventAttr attr) {
    return refuse(!attr.has(AttrFlag.EXCLUDE_KERNEL) && level() > 1, KernelRule.PARANOID_KERNEL,
        "kernel profiling (exclude_kernel=0) needs perf_event_paranoid <= 1 or " + capabilityNeeded()
            + " (it is " + paranoid + ")");
  }

  /** {@code perf_allow_cpu()}, asked by find_get_context for an event not bound to a task. */
  Optional<OpenResult.Failed> refuseCpuWide(int pid) {
    return refuse(pid == -1 && level() > 0, KernelRule.PARANOID_CPU,
        "a CPU-wide event (pid -1) needs perf_event_paranoid <= 0 or " + capabilityNeeded()
            + " (it is " + paranoid + ")");
  }

  private String capabilityNeeded() {
    return modernKernel ? "CAP_PERFMON" : "CAP_SYS_ADMIN";
  }

  private Optional<OpenResult.Failed> refuse(boolean restricted, KernelRule rule, String reason) {
    if (!restricted || perfmonCapable()) {
      return Optional.empty();
    }
    return Optional.of(new OpenResult.Failed(Errno.EACCES, 0, reason, rule));
  }
}
