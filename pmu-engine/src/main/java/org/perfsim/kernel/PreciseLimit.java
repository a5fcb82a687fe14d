package org.perfsim.kernel;

import org.perfsim.id.Identified;

/**
 * A kernel policy's {@code precise-limit} knob: how x86_pmu_hw_config computes the highest precise_ip an Intel
 * PMU accepts, and whether a precise event must sample. Sources in docs/KERNEL-POLICIES.md.
 */
public enum PreciseLimit implements Identified {
  /**
   * 2012: precise computed inline in x86_pmu_hw_config, 1 with PEBS, +1 with LBR (the IP fix-up captures the
   * LBR); a precise counting event is accepted.
   */
  Y2012("2012", "x86_pmu_hw_config, arch/x86/kernel/cpu/perf_event.c (v3.6..v3.8)"),
  /**
   * Today: x86_pmu_max_precise, 1 with PEBS, +1 with LBR or PEBS format 2+, +1 with PDIR; a precise event
   * with sample_period 0 is EINVAL ("no sense in having PEBS for non sampling events").
   */
  CURRENT("current", "x86_pmu_max_precise and x86_pmu_hw_config, arch/x86/events/core.c");

  private final String id;
  private final String source;

  PreciseLimit(String id, String source) {
    this.id = id;
    this.source = source;
  }

  @Override
  public String id() {
    return id;
  }

  public String source() {
    return source;
  }
}
