package org.perfsim.kernel;

import org.perfsim.abi.Errno;
import org.perfsim.abi.PerfEventAttr;

/** What one perf_event_open call returned: an event (file descriptor) or an errno. Never an exception. */
public sealed interface OpenResult {

  /**
   * @param attr the attr as the kernel holds it after its copy (what it will count with)
   * @param event what the kernel made of it: which contexts it counts, with which precise level
   */
  record Opened(int fd, PerfEventAttr attr, KernelEvent event) implements OpenResult {}

  /**
   * @param sizeWrittenBack for E2BIG the kernel's own struct size written into the caller's attr, else 0
   * @param reason the rule that failed, in words, naming the field (perfsim's verbose output)
   * @param rule which of the kernel's rules refused it
   */
  record Failed(Errno errno, int sizeWrittenBack, String reason, KernelRule rule) implements OpenResult {

    /** A refusal by the generic checks (perf_copy_attr, perf_event_open), not a PMU driver rule. */
    public Failed(Errno errno, int sizeWrittenBack, String reason) {
      this(errno, sizeWrittenBack, reason, KernelRule.GENERIC_CHECKS);
    }
  }
}
