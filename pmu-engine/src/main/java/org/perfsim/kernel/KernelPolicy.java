package org.perfsim.kernel;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.perfsim.abi.KernelAttrAbi;
import org.perfsim.cpu.CpuModel;
import org.perfsim.cpu.Vendor;

/**
 * The kernel policies perfsim offers for precise events on virtualized hosts (reference table §5): what
 * perf_event_open accepts, and what the kernel does with IA32_PEBS_ENABLE on VM entry.
 */
public enum KernelPolicy {
  LEGACY_3_6("3.6", "legacy: precise events allowed whatever exclude_guest; PEBS stays on in guest mode",
      KernelAttrAbi.LINUX_3_6),
  REQUIRE_EXCLUDE_GUEST_3_7_RC("3.7-rc", "precise events require exclude_guest (EOPNOTSUPP otherwise)",
      KernelAttrAbi.LINUX_3_8),
  REVERT_3_8("3.8", "the 3.7-rc check reverted: as 3.6", KernelAttrAbi.LINUX_3_8),
  INCLUDE_GUEST("include-guest", "Torvalds' proposal: include_guest bit, precise events back off to host only",
      KernelAttrAbi.LINUX_3_8_INCLUDE_GUEST),
  MODERN("modern", "precise events allowed; IA32_PEBS_ENABLE cleared for the guest on VM entry",
      KernelAttrAbi.LINUX_CURRENT);

  private final String id;
  private final String description;
  private final KernelAttrAbi attrAbi;

  KernelPolicy(String id, String description, KernelAttrAbi attrAbi) {
    this.id = id;
    this.description = description;
    this.attrAbi = attrAbi;
  }

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
    return this != MODERN;
  }

  /** True where VM entry loads IA32_PEBS_ENABLE = 0 for the guest, so PEBS cannot write in guest mode. */
  public boolean clearsPebsOnVmEntry() {
    return this == MODERN || this == INCLUDE_GUEST;
  }

  /**
   * The highest precise_ip the PMU driver accepts (reference §3). 2012: 1 with PEBS, +1 with LBR. Current
   * kernels (x86_pmu_max_precise): 1 with PEBS, +1 with LBR or PEBS format 2+, +1 with PDIR. AMD has no
   * PEBS (0; IBS-based precise is not modelled). arm64 has no precise mechanism: see {@link Kernel}.
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

  public static Optional<KernelPolicy> byId(String id) {
    return Arrays.stream(values()).filter(p -> p.id.equalsIgnoreCase(id.trim())).findFirst();
  }

  public static String validIds() {
    return Arrays.stream(values()).map(KernelPolicy::id).collect(Collectors.joining(", "));
  }
}
