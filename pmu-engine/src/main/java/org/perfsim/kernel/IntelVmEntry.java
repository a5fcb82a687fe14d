package org.perfsim.kernel;

import org.perfsim.id.Identified;

/**
 * A kernel policy's {@code intel-vm-entry} knob: which version of intel_guest_get_msrs builds KVM's VM-entry
 * switch list on Intel (AMD and arm64 have no list whatever the policy). {@link VmEntryRule} carries each
 * value's rule with the kernel's own reason.
 */
public enum IntelVmEntry implements Identified {
  /** 2012: only PERF_GLOBAL_CTRL is switched; IA32_PEBS_ENABLE keeps the host's value in guest mode. */
  NO_PEBS_SWITCH("no-pebs-switch", "intel_guest_get_msrs, arch/x86/events/intel/core.c (2012, before 26a4f3c08de4)"),
  /** 2012 plus IA32_PEBS_ENABLE = 0 for the guest. */
  PEBS_OFF("pebs-off", "intel_guest_get_msrs, 26a4f3c08de4 \"perf/x86: disable PEBS on a guest entry\""),
  /**
   * Today: PEBS counters masked out of the guest's PERF_GLOBAL_CTRL; IA32_PEBS_ENABLE = 0 where the CPU lacks
   * PEBS isolation; with PEBS virtualization and a vPMU, DS_AREA/PEBS_DATA_CFG/PEBS_ENABLE switched too.
   */
  MASK("mask", "intel_guest_get_msrs, x86_pmu.pebs_no_isolation, x86_pmu.pebs_ept, isolation_ucodes[] "
      + "(9b545c04abd4)"),
  /** As {@link #MASK}, but IA32_PEBS_ENABLE is never switched on a CPU that isolates PEBS. */
  MASK_NEVER_PEBS_ENABLE_WHEN_ISOLATED("mask-never-pebs-enable-when-isolated",
      "perf/x86: Don't write PEBS_ENABLED on KVM transitions (v3, 2026-05-08)");

  private final String id;
  private final String source;

  IntelVmEntry(String id, String source) {
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

  /** The 2012 lists: PERF_GLOBAL_CTRL switched without masking PEBS counters out of the guest's value. */
  boolean is2012List() {
    return this == NO_PEBS_SWITCH || this == PEBS_OFF;
  }
}
