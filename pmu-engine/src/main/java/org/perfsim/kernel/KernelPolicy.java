package org.perfsim.kernel;

import java.util.Optional;
import org.perfsim.abi.KernelAttrAbi;
import org.perfsim.cpu.CpuModel;
import org.perfsim.cpu.Vendor;
import org.perfsim.id.Identified;

/**
 * The kernel policies perfsim offers for precise events on virtualized hosts (reference table §5): what
 * perf_event_open accepts, and what the kernel does with IA32_PEBS_ENABLE on VM entry.
 */
public enum KernelPolicy implements Identified {
  LEGACY_3_6("3.6", "legacy: precise events allowed whatever exclude_guest; PEBS stays on in guest mode",
      KernelAttrAbi.LINUX_3_6),
  REQUIRE_EXCLUDE_GUEST_3_7_RC("3.7-rc", "precise events require exclude_guest (EOPNOTSUPP otherwise)",
      KernelAttrAbi.LINUX_3_8),
  REVERT_3_8("3.8", "the 3.7-rc check reverted: as 3.6", KernelAttrAbi.LINUX_3_8),
  INCLUDE_GUEST("include-guest", "Torvalds' proposal: include_guest bit, precise events back off to host only",
      KernelAttrAbi.LINUX_3_8_INCLUDE_GUEST),
  MODERN("modern", "precise events allowed; PEBS counters removed from the guest's PERF_GLOBAL_CTRL on VM "
      + "entry, IA32_PEBS_ENABLE cleared for the guest where the CPU lacks PEBS isolation",
      KernelAttrAbi.LINUX_CURRENT),
  PRE_2026("2026-pre", "modern, with perf's NMI throttle racing the VM-entry MSR list (before the 2026 series "
      + "\"Don't write PEBS_ENABLED on KVM transitions\"): a stale host IA32_PEBS_ENABLE can come back at VM exit",
      KernelAttrAbi.LINUX_CURRENT),
  FIX_2026("2026-fix", "2026-pre with that series: IA32_PEBS_ENABLE never switched on CPUs with PEBS isolation "
      + "(CPUs without isolation keep the switch, and the race)", KernelAttrAbi.LINUX_CURRENT);

  private final String id;
  private final String description;
  private final KernelAttrAbi attrAbi;

  KernelPolicy(String id, String description, KernelAttrAbi attrAbi) {
    this.id = id;
    this.description = description;
    this.attrAbi = attrAbi;
  }

  @Override
  public String id() {
    return id;
  }

  public String description() {
    return description;
  }

  /** The struct size and bits this kernel's perf_copy_attr knows. */
  public KernelAttrAbi attrAbi() {
    return attrAbi;
  }

  /** The 2012 kernels, whose x86 precise limit is computed inline in x86_pmu_hw_config. */
  public boolean is2012Era() {
    return this == LEGACY_3_6 || this == REQUIRE_EXCLUDE_GUEST_3_7_RC || this == REVERT_3_8 || this == INCLUDE_GUEST;
  }

  /**
   * Whether a PEBS counter that counts guests keeps PEBS armed in guest mode on {@code cpu}: true for the
   * 2012 kernels without the VM-entry switch of IA32_PEBS_ENABLE (3.6, 3.7-rc, 3.8) on a PEBS CPU; false on
   * CPUs without PEBS (AMD, arm64) and for the kernels that clear it or mask the counter. The 2026 race
   * (perf throttling between list and entry) is a matter of chance, not of this rule: see {@link PebsThrottle}.
   */
  public boolean pebsLeftEnabledAtVmEntry(CpuModel cpu) {
    return cpu.hasPebs() && (this == LEGACY_3_6 || this == REQUIRE_EXCLUDE_GUEST_3_7_RC || this == REVERT_3_8);
  }

  /**
   * Whether a precise event that counts guests samples guest context on {@code cpu}: on Intel only where PEBS
   * stays on in guest mode; on AMD always (precise cycles go to IBS, which cannot tell guest from host); on
   * arm64 always (precise_ip is ignored and the counter counts guests with skid).
   */
  public boolean preciseSamplesFromGuests(CpuModel cpu) {
    return cpu.vendor() != Vendor.INTEL || pebsLeftEnabledAtVmEntry(cpu);
  }

  /** The rule that decides KVM's VM-entry MSR list on {@code cpu}, with the kernel's own reason. */
  public VmEntryRule vmEntryRule(CpuModel cpu) {
    return VmEntryRule.of(this, cpu);
  }

  /** The policies whose NMI throttle can race the VM-entry MSR list (2026-pre and 2026-fix). */
  public boolean modelsThrottleRace() {
    return this == PRE_2026 || this == FIX_2026;
  }

  /**
   * The highest precise_ip the PMU driver accepts (reference §3). 2012: 1 with PEBS, +1 with LBR. Current
   * kernels (x86_pmu_max_precise): 1 with PEBS, +1 with LBR or PEBS format 2+, +1 with PDIR. AMD has no
   * PEBS (0, as its sysfs caps/max_precise says); its precise events go to IBS (see {@link AmdIbs}). arm64
   * has no precise mechanism: see {@link Kernel}.
   */
  public int maxPreciseIp(CpuModel cpu) {
    if (cpu.vendor() != Vendor.INTEL || !cpu.hasPebs()) {
      return 0;
    }
    int max = 1;
    boolean ipFixup = cpu.hasLbr() || (!is2012Era() && cpu.pebsFormat().orElseThrow().number() >= 2);
    if (ipFixup) {
      max++;
    }
    if (!is2012Era() && cpu.hasPreciseDistribution()) {
      max++;
    }
    return max;
  }

  /** The kernel policy named {@code id} by the one rule of {@link Identified#byId}: blanks and case ignored. */
  public static Optional<KernelPolicy> byId(String id) {
    return Identified.byId(values(), id);
  }

  public static String validIds() {
    return Identified.validIds(values());
  }
}
