package org.perfsim.kernel;

import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.Errno;
import org.perfsim.abi.PerfEventAttr;

/**
 * AMD's precise events: the core PMU hands any precise_ip > 0 to the IBS op PMU (amd_pmu_hw_config, "pass
 * precise event sampling to ibs", since Linux 3.5: Robert Richter's "perf/x86-ibs: Precise event sampling
 * with IBS for AMD CPUs", 2012; today through forward_event_to_ibs, arch/x86/events/amd/ibs.c). IBS tags
 * retired micro-ops in every mode: it cannot tell guest from host, so perf_ibs_init refuses any exclude bit
 * (2012: the ibs_notsupp attr; 2019: PERF_PMU_CAP_NO_EXCLUDE; since d29e744c71673a, December 2024,
 * exclude_user/exclude_kernel only with the config2 software filter, exclude_host/exclude_guest/exclude_idle
 * never). Not modelled: IBS's own MSRs and record (IbsOpCtl, IbsOpRip, IbsOpData*), the config2 software
 * filter, IBS fetch sampling, and the per-task refusal (IBS has no task context: CPU-wide events only).
 */
final class AmdIbs {
  private static final long RAW_IBS_CYCLES = 0x76;
  private static final long RAW_IBS_UOPS = 0xC1;

  private AmdIbs() {}

  static PreciseDecision forward(PerfEventAttr attr, int precise) {
    if (precise > 2) {
      return new PreciseDecision.Refused(Errno.EOPNOTSUPP,
          "precise_ip " + precise + " on AMD: IBS offers precise levels 1 and 2 (forward_event_to_ibs)",
          KernelRule.AMD_IBS);
    }
    boolean cycles = attr.type() == PerfEventAttr.TYPE_HARDWARE && attr.config() == 0;
    boolean raw = attr.type() == PerfEventAttr.TYPE_RAW
        && (attr.config() == RAW_IBS_CYCLES || attr.config() == RAW_IBS_UOPS);
    if (!cycles && !raw) {
      return new PreciseDecision.Refused(Errno.EOPNOTSUPP,
          "precise_ip on AMD only for cpu-cycles, r076 and r0C1, which IBS op sampling implements",
          KernelRule.AMD_IBS);
    }
    for (AttrFlag f : new AttrFlag[] {AttrFlag.EXCLUDE_USER, AttrFlag.EXCLUDE_KERNEL, AttrFlag.EXCLUDE_HV,
        AttrFlag.EXCLUDE_IDLE, AttrFlag.EXCLUDE_HOST, AttrFlag.EXCLUDE_GUEST}) {
      if (attr.has(f)) {
        return new PreciseDecision.Refused(Errno.EINVAL, "precise_ip goes to AMD IBS, which cannot filter by"
            + " mode: " + f.name().toLowerCase(java.util.Locale.ROOT) + " is refused (perf_ibs_init)",
            KernelRule.AMD_IBS);
      }
    }
    if (attr.samplePeriodOrFreq() == 0 && !attr.has(AttrFlag.FREQ)) {
      return new PreciseDecision.Refused(Errno.EINVAL, "IBS samples only: sample_period 0 (perf_ibs_init)",
          KernelRule.AMD_IBS);
    }
    return new PreciseDecision.Accepted(precise, true,
        "forwarded to AMD IBS op sampling: counts host and guest alike (IBS cannot filter guests)",
        KernelRule.AMD_IBS);
  }
}
