package org.perfsim.kernel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.perfsim.abi.AttrCopy;
import org.perfsim.abi.AttrCopyResult;
import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.Errno;
import org.perfsim.abi.PerfEventAttr;
import org.perfsim.cpu.CpuModel;

/**
 * One host's kernel as perf sees it: perf_event_open emulated in the kernel's order of checks (copy, target,
 * permission, event type, PMU driver rules of the policy). Keeps the host's table of open events.
 */
public final class Kernel implements PerfEventOpenSyscall {
  /** PERF_FLAG_FD_NO_GROUP | FD_OUTPUT | PID_CGROUP | FD_CLOEXEC. */
  private static final long KNOWN_OPEN_FLAGS = 0xF;
  private static final int HARDWARE_EVENT_IDS = 10;
  private static final int SOFTWARE_EVENT_IDS = 12;
  private static final int DYNAMIC_PMU_TYPE_CPU = 4;

  private final KernelPolicy policy;
  private final CpuModel cpu;
  private final int onlineCpus;
  private final PerfPermissions permissions;
  private final Map<Integer, OpenResult.Opened> open = new HashMap<>();
  private int nextFd = 3;

  /**
   * @param perfEventParanoid the host's {@code kernel.perf_event_paranoid}, -1..3
   * @param caller the capabilities of the process that calls perf_event_open
   */
  public Kernel(KernelPolicy policy, CpuModel cpu, int onlineCpus, int perfEventParanoid, Capabilities caller) {
    if (onlineCpus < 1) {
      throw new IllegalArgumentException("a host has at least one CPU: " + onlineCpus);
    }
    this.policy = policy;
    this.cpu = cpu;
    this.onlineCpus = onlineCpus;
    this.permissions = PerfPermissions.of(policy, perfEventParanoid, caller);
  }

  /** A root perf on a host with the upstream default perf_event_paranoid of 2. */
  public static Kernel root(KernelPolicy policy, CpuModel cpu, int onlineCpus) {
    return new Kernel(policy, cpu, onlineCpus, PerfPermissions.DEFAULT_PARANOID, Capabilities.SYS_ADMIN);
  }

  /** Who calls perf_event_open on this kernel, and at which perf_event_paranoid. */
  public PerfPermissions permissions() {
    return permissions;
  }

  public KernelPolicy policy() {
    return policy;
  }

  public CpuModel cpu() {
    return cpu;
  }

  public int onlineCpus() {
    return onlineCpus;
  }

  @Override
  public OpenResult perfEventOpen(byte[] attrBytes, int pid, int cpuIndex, int groupFd, long flags) {
    // Debian's level 3 refuses before the attr is even copied
    Optional<OpenResult.Failed> anyRefused = permissions.refuseAny();
    if (anyRefused.isPresent()) {
      return anyRefused.get();
    }
    AttrCopyResult copy = AttrCopy.fromUser(attrBytes, policy.attrAbi().abi());
    if (copy instanceof AttrCopyResult.Rejected r) {
      return new OpenResult.Failed(r.errno(), r.sizeWrittenBack(), r.reason());
    }
    PerfEventAttr attr = ((AttrCopyResult.Copied) copy).attr();
    // sys_perf_event_open asks perf_allow_kernel right after perf_copy_attr, before the target checks
    Optional<OpenResult.Failed> kernelRefused = permissions.refuseKernel(attr);
    if (kernelRefused.isPresent()) {
      return kernelRefused.get();
    }
    String refused = firstRefusal(attr, pid, cpuIndex, groupFd, flags);
    if (refused != null) {
      Errno errno = Errno.valueOf(refused.substring(0, refused.indexOf(':')));
      return new OpenResult.Failed(errno, 0, refused.substring(refused.indexOf(':') + 2));
    }
    return driverOpen(attr, pid, cpuIndex);
  }

  /** Closes an event; false if {@code fd} was not open. */
  public boolean close(int fd) {
    return open.remove(fd) != null;
  }

  /** The events open on {@code cpuIndex} (and CPU-unbound ones), in open order. */
  public List<OpenResult.Opened> openEventsOn(int cpuIndex) {
    return open.values().stream()
        .filter(o -> o.event().cpu() == cpuIndex || o.event().cpu() == -1)
        .sorted(java.util.Comparator.comparingInt(OpenResult.Opened::fd))
        .toList();
  }

  /** "ERRNO: reason" of the first generic check that fails, or null. */
  private String firstRefusal(PerfEventAttr attr, int pid, int cpuIndex, int groupFd, long flags) {
    if ((flags & ~KNOWN_OPEN_FLAGS) != 0) {
      return "EINVAL: unknown flags 0x" + Long.toHexString(flags);
    }
    if (pid == -1 && cpuIndex == -1) {
      return "EINVAL: pid -1 with cpu -1 (every task on every CPU) is not allowed";
    }
    if (cpuIndex < -1 || cpuIndex >= onlineCpus) {
      return "ENODEV: cpu " + cpuIndex + " is not online (" + onlineCpus + " CPUs)";
    }
    if (pid < -1) {
      return "ESRCH: no process " + pid;
    }
    if (groupFd != -1 && !open.containsKey(groupFd)) {
      return "EBADF: group_fd " + groupFd + " is not an open event";
    }
    return switch (attr.type()) {
      case PerfEventAttr.TYPE_HARDWARE -> attr.config() >= 0 && attr.config() < HARDWARE_EVENT_IDS
          && (attr.config() != 9 || cpu.fixedCounters() > 2)
          ? null : "ENOENT: hardware event " + attr.config() + " not supported by " + cpu.id();
      case PerfEventAttr.TYPE_SOFTWARE -> attr.config() >= 0 && attr.config() < SOFTWARE_EVENT_IDS
          ? null : "ENOENT: software event " + attr.config() + " unknown";
      case PerfEventAttr.TYPE_HW_CACHE, PerfEventAttr.TYPE_RAW -> null;
      default -> "ENOENT: no PMU of type " + Integer.toUnsignedString(attr.type()) + " on this host";
    };
  }

  private OpenResult driverOpen(PerfEventAttr attr, int pid, int cpuIndex) {
    boolean onCorePmu = attr.type() == PerfEventAttr.TYPE_HARDWARE || attr.type() == PerfEventAttr.TYPE_RAW
        || attr.type() == PerfEventAttr.TYPE_HW_CACHE || attr.type() == DYNAMIC_PMU_TYPE_CPU;
    PreciseDecision precise = onCorePmu ? PreciseRules.decide(policy, cpu, attr) : PreciseRules.notPrecise(attr);
    if (precise instanceof PreciseDecision.Refused r) {
      return new OpenResult.Failed(r.errno(), 0, r.reason(), r.rule());
    }
    // find_get_context asks perf_allow_cpu only after the driver took the event
    Optional<OpenResult.Failed> cpuRefused = permissions.refuseCpuWide(pid);
    if (cpuRefused.isPresent()) {
      return cpuRefused.get();
    }
    PreciseDecision.Accepted a = (PreciseDecision.Accepted) precise;
    KernelEvent event = new KernelEvent(cpuIndex, pid, !attr.has(AttrFlag.EXCLUDE_HOST), a.countsGuest(),
        a.preciseIp(), a.preciseIp() > 0 && cpu.hasPebs(), capturesLbr(a.preciseIp()), a.note(),
        a.rule());
    OpenResult.Opened opened = new OpenResult.Opened(nextFd++, attr, event);
    open.put(opened.fd(), opened);
    return opened;
  }

  /** 2012's x86_pmu_hw_config captured the LBR for precise_ip > 1 (the IP fix-up). */
  private boolean capturesLbr(int preciseIp) {
    return policy.preciseLimit() == PreciseLimit.Y2012 && preciseIp > 1;
  }
}
