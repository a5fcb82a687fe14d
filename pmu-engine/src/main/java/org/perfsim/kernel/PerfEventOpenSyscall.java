package org.perfsim.kernel;

/**
 * The perf_event_open(2) system call as a user-space perf binary sees it: attr bytes in, a file
 * descriptor or an errno out. The perf tool's open loop (with its fallbacks) is written against this.
 */
@FunctionalInterface
public interface PerfEventOpenSyscall {
  /** PERF_FLAG_FD_CLOEXEC, which every perf since 3.14 passes. */
  long PERF_FLAG_FD_CLOEXEC = 1L << 3;

  OpenResult perfEventOpen(byte[] attr, int pid, int cpu, int groupFd, long flags);
}
