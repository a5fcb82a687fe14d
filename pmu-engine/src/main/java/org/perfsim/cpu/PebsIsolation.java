package org.perfsim.cpu;

/**
 * Whether the CPU stops a PEBS assist at the host/guest boundary by itself ("PEBS isolation"), so that
 * clearing a counter's bit in the guest's PERF_GLOBAL_CTRL is enough and IA32_PEBS_ENABLE need not be
 * switched on VM entry. The kernel's view: {@code x86_pmu.pebs_no_isolation}, set for every PerfMon
 * version up to 4 in {@code intel_ds_init} (arch/x86/events/intel/ds.c) and cleared again by
 * {@code intel_check_pebs_isolation} (arch/x86/events/intel/core.c) where {@code isolation_ucodes[]} lists
 * a minimum microcode for the model (Haswell, Broadwell, Skylake, Kaby Lake; commit 9b545c04abd4,
 * "perf/x86/kvm: Avoid unnecessary work in guest filtering", 2019).
 */
public enum PebsIsolation {
  /** No PEBS at all (AMD, arm64): nothing to isolate. */
  NO_PEBS,
  /** PerfMon v2/v3 without an isolation microcode (Core 2 to Ivy Bridge): pebs_no_isolation stays 1. */
  NONE,
  /** isolation_ucodes[] lists the model: isolated with current microcode, which perfsim's hosts run. */
  WITH_MICROCODE,
  /** PerfMon v5 and later (Ice Lake on): intel_ds_init never sets pebs_no_isolation. */
  ARCHITECTURAL;

  /** The kernel's {@code !x86_pmu.pebs_no_isolation} on a PEBS CPU with current microcode. */
  public boolean isolated() {
    return this == WITH_MICROCODE || this == ARCHITECTURAL;
  }
}
