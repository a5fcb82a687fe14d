package org.perfsim.kernel;

import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.Errno;
import org.perfsim.abi.PerfEventAttr;
import org.perfsim.cpu.CpuModel;

/**
 * The precise-event rules of a kernel policy's precise-limit and precise-open knobs (reference §3 and §5),
 * applied on the CPU's own PMU.
 */
final class PreciseRules {
  private PreciseRules() {}

  static PreciseDecision notPrecise(PerfEventAttr attr) {
    return new PreciseDecision.Accepted(0, !attr.has(AttrFlag.EXCLUDE_GUEST), "", KernelRule.NOT_PRECISE);
  }

  static PreciseDecision decide(KernelPolicy policy, CpuModel cpu, PerfEventAttr attr) {
    int precise = attr.preciseIp();
    boolean countsGuest = !attr.has(AttrFlag.EXCLUDE_GUEST);
    if (precise == 0) {
      return new PreciseDecision.Accepted(0, countsGuest, "", KernelRule.NOT_PRECISE);
    }
    if (!cpu.isX86()) {
      // The arm64 PMU driver never looks at precise_ip: the event opens and counts with skid.
      return new PreciseDecision.Accepted(0, countsGuest, "precise_ip ignored: " + cpu.id() + " has no PEBS",
          KernelRule.PRECISE_IGNORED);
    }
    if (cpu.vendor() == org.perfsim.cpu.Vendor.AMD) {
      return AmdIbs.forward(attr, precise);
    }
    int max = policy.maxPreciseIp(cpu);
    if (precise > max) {
      return new PreciseDecision.Refused(Errno.EOPNOTSUPP,
          "precise_ip " + precise + " above " + cpu.id() + "'s maximum " + max + " under kernel " + policy.id(),
          KernelRule.ABOVE_MAX_PRECISE);
    }
    boolean sampling = attr.samplePeriodOrFreq() != 0 || attr.has(AttrFlag.FREQ);
    if (policy.preciseLimit() == PreciseLimit.CURRENT && !sampling) {
      return new PreciseDecision.Refused(Errno.EINVAL, "precise_ip on a non-sampling event (sample_period 0)",
          KernelRule.PRECISE_NEEDS_SAMPLING);
    }
    return switch (policy.preciseOpen()) {
      case REQUIRE_EXCLUDE_GUEST -> countsGuest
          ? new PreciseDecision.Refused(Errno.EOPNOTSUPP, "precise_ip " + precise + " requires exclude_guest",
              KernelRule.REQUIRE_EXCLUDE_GUEST)
          : new PreciseDecision.Accepted(precise, false, "", KernelRule.REQUIRE_EXCLUDE_GUEST);
      case INCLUDE_GUEST_HOST_ONLY -> includeGuest(attr, precise);
      case ALLOW -> new PreciseDecision.Accepted(precise, countsGuest, "", KernelRule.PRECISE_ALLOWED);
    };
  }

  /** Torvalds' proposal: guests only on request; a precise guest request on x86 is refused. */
  private static PreciseDecision includeGuest(PerfEventAttr attr, int precise) {
    boolean oldBinaryGuestOnly = attr.has(AttrFlag.EXCLUDE_HOST) && !attr.has(AttrFlag.EXCLUDE_GUEST);
    if (attr.has(AttrFlag.INCLUDE_GUEST) || oldBinaryGuestOnly) {
      return new PreciseDecision.Refused(Errno.EOPNOTSUPP, "precise_ip with an explicit guest request on x86",
          KernelRule.INCLUDE_GUEST_REFUSED);
    }
    String note = attr.has(AttrFlag.EXCLUDE_GUEST) ? "" : "precise event backs off to host only (include_guest=0)";
    return new PreciseDecision.Accepted(precise, false, note, KernelRule.INCLUDE_GUEST_HOST_ONLY);
  }
}
