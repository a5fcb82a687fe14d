package org.perfsim.kernel;

import org.perfsim.cpu.CpuModel;
import org.perfsim.cpu.Vendor;

/**
 * Which kernel rule builds KVM's VM-entry switch of the PMU on a CPU under a policy, and the kernel's own
 * reason for it (its source comment or commit message, quoted where it has one).
 *
 * @param id a short stable name ({@code intel-2012-no-pebs-switch}, {@code intel-mask-global-ctrl}, ...)
 * @param source the kernel function (and commit) the rule comes from
 * @param reason the kernel's reason, in its own words where it gives one
 */
public record VmEntryRule(String id, String source, String reason) {

  private static final String OVERSHOOT = "\"If PMU counter has PEBS enabled it is not enough to disable counter"
      + " on a guest entry since PEBS memory write can overshoot guest entry and corrupt guest memory."
      + " Disabling PEBS solves the problem.\"";
  private static final String MASK = "\"In addition to obeying exclude_guest/exclude_host, remove bits being"
      + " used for PEBS when running a guest, because PEBS writes to virtual addresses (not physical"
      + " addresses).\"";

  static VmEntryRule of(KernelPolicy policy, CpuModel cpu) {
    if (cpu.vendor() == Vendor.AMD) {
      return new VmEntryRule("amd-host-guest-bits",
          "amd_core_hw_config / amd_pmu_enable_virt, arch/x86/events/amd/core.c (no guest_get_msrs: empty list)",
          "SVM counts by the GuestOnly/HostOnly bits of each PERF_CTL; \"We only mask out the Host-only bit so"
              + " that host-only counting works when SVM is disabled.\"");
    }
    if (cpu.vendor() == Vendor.ARM) {
      return new VmEntryRule("arm64-no-msr-list", "kvm_vcpu_pmu_restore_guest/host, arch/arm64/kvm/pmu.c",
          "no MSR switch list: KVM enables and disables the exclude_host/exclude_guest counters on each switch");
    }
    return switch (policy.intelVmEntry()) {
      case NO_PEBS_SWITCH -> new VmEntryRule("intel-2012-no-pebs-switch",
          "intel_guest_get_msrs, arch/x86/events/intel/core.c (2012, before 26a4f3c08de4)",
          "only PERF_GLOBAL_CTRL is switched (host-only counters off in the guest); IA32_PEBS_ENABLE keeps"
              + " the host's value in guest mode");
      case PEBS_OFF -> new VmEntryRule("intel-2012-pebs-off",
          "intel_guest_get_msrs, 26a4f3c08de4 \"perf/x86: disable PEBS on a guest entry\"",
          "IA32_PEBS_ENABLE = 0 for the guest: " + OVERSHOOT);
      case MASK -> modern(cpu, policy.nmiThrottleRace());
      case MASK_NEVER_PEBS_ENABLE_WHEN_ISOLATED -> cpu.pebsIsolation().isolated()
          ? new VmEntryRule("intel-2026-never-pebs-enable",
              "perf/x86: Don't write PEBS_ENABLED on KVM transitions (v3, 2026-05-08)",
              MASK + "; IA32_PEBS_ENABLE is never switched: the CPU isolates PEBS, so disabling counters via"
                  + " PERF_GLOBAL_CTRL is sufficient to prevent generation of unwanted PEBS records")
          : modern(cpu, policy.nmiThrottleRace());
    };
  }

  private static VmEntryRule modern(CpuModel cpu, boolean race) {
    String tail = race ? " (the list is built before VM entry; perf may throttle a PEBS event in NMI context"
        + " in between)" : "";
    if (!cpu.pebsIsolation().isolated()) {
      return new VmEntryRule("intel-mask-and-pebs-off", "intel_guest_get_msrs, x86_pmu.pebs_no_isolation",
          MASK + "; IA32_PEBS_ENABLE = 0 for the guest because " + cpu.id() + " lacks PEBS isolation: "
              + OVERSHOOT + tail);
    }
    if (cpu.virtualizesPebs()) {
      return new VmEntryRule("intel-mask-and-guest-pebs", "intel_guest_get_msrs, x86_pmu.pebs_ept",
          MASK + "; with a guest vPMU, DS_AREA and IA32_PEBS_ENABLE are switched too: \"Disable guest PEBS if"
              + " host PEBS is enabled.\"" + tail);
    }
    return new VmEntryRule("intel-mask-only", "intel_guest_get_msrs, isolation_ucodes[] (9b545c04abd4)",
        MASK + "; IA32_PEBS_ENABLE not switched: \"Don't do this if the CPU already enforces it.\"");
  }

  @Override
  public String toString() {
    return id + " (" + source + "): " + reason;
  }
}
