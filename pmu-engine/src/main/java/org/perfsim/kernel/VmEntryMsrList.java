package org.perfsim.kernel;

import java.util.ArrayList;
import java.util.List;
import org.perfsim.cpu.CpuModel;
import org.perfsim.cpu.Vendor;
import org.perfsim.pmu.Msr;
import org.perfsim.pmu.SwitchMsr;

/**
 * The PMU MSRs KVM switches on VM entry and exit (perf_guest_get_msrs), per vendor and per kernel policy.
 * Intel: intel_guest_get_msrs (arch/x86/events/intel/core.c) in the version of each policy. AMD: no list at
 * all (x86_pmu.guest_get_msrs is not set: perf_guest_get_msrs returns nr = 0); SVM filters by the
 * GuestOnly/HostOnly bits of each counter instead. arm64: no list (KVM enables and disables counters).
 */
final class VmEntryMsrList {
  private VmEntryMsrList() {}

  /**
   * @param hostCtrl the counters enabled while the host runs (intel_ctrl minus guest-only counters)
   * @param guestCtrl the counters whose events count guests (intel_ctrl minus host-only counters)
   * @param pebsEnabled cpuc->pebs_enabled as the kernel sees it when it builds the list
   * @param dsLinear the host's IA32_DS_AREA
   * @param guestHasVpmu the vCPU has a vPMU (KVM passes its kvm_pmu; the guest itself programs no PEBS)
   */
  static List<SwitchMsr> build(KernelPolicy policy, CpuModel cpu, long hostCtrl, long guestCtrl,
      long pebsEnabled, long dsLinear, boolean guestHasVpmu) {
    List<SwitchMsr> list = new ArrayList<>();
    if (cpu.vendor() != Vendor.INTEL) {
      return list;
    }
    if (policy.intelVmEntry().is2012List()) {
      list.add(new SwitchMsr(Msr.IA32_PERF_GLOBAL_CTRL, hostCtrl, guestCtrl));
      if (policy.intelVmEntry() == IntelVmEntry.PEBS_OFF && cpu.hasPebs()) {
        list.add(new SwitchMsr(Msr.IA32_PEBS_ENABLE, pebsEnabled, 0));
      }
      return list;
    }
    // arr[global_ctrl].guest = intel_ctrl & ~cpuc->intel_ctrl_host_mask & ~pebs_mask
    list.add(new SwitchMsr(Msr.IA32_PERF_GLOBAL_CTRL, hostCtrl, guestCtrl & ~pebsEnabled));
    if (!cpu.hasPebs()) {
      return list;
    }
    if (!cpu.pebsIsolation().isolated()) {
      list.add(new SwitchMsr(Msr.IA32_PEBS_ENABLE, pebsEnabled, 0));
      return list;
    }
    boolean neverPebsEnable = policy.intelVmEntry() == IntelVmEntry.MASK_NEVER_PEBS_ENABLE_WHEN_ISOLATED;
    if (neverPebsEnable || !guestHasVpmu || !cpu.virtualizesPebs()) {
      return list;
    }
    // x86_pmu.pebs_ept with a kvm_pmu: DS_AREA (the guest's, 0 for a guest that set none), PEBS_DATA_CFG
    // on baseline PEBS, and PEBS_ENABLE whose guest value is 0 while the host uses PEBS.
    list.add(new SwitchMsr(Msr.IA32_DS_AREA, dsLinear, 0));
    if (cpu.pebsFormat().orElseThrow().adaptive()) {
      list.add(new SwitchMsr(Msr.MSR_PEBS_DATA_CFG, 0, 0));
    }
    list.add(new SwitchMsr(Msr.IA32_PEBS_ENABLE, pebsEnabled, 0));
    return list;
  }
}
