package org.perfsim.kernel;

import java.util.List;
import java.util.Optional;
import org.perfsim.cpu.CpuModel;
import org.perfsim.cpu.Vendor;
import org.perfsim.id.Identified;

/**
 * A kernel policy for precise events on virtualized hosts (reference table §5): what perf_event_open accepts,
 * and what the kernel does with IA32_PEBS_ENABLE on VM entry. A policy is data: a few orthogonal rule choices
 * (knobs), each naming the kernel source it comes from, written in a policy file ({@link KernelPolicyFile};
 * every knob in docs/KERNEL-POLICIES.md). The built-ins are such a file among the resources, read by the same
 * reader as a user's.
 *
 * @param id the name command lines and the API use ({@code 3.6}, {@code modern}, a user's own)
 * @param description one line saying what the policy is
 * @param attrAbi the struct perf_event_attr its perf_copy_attr knows
 * @param preciseLimit how the highest precise_ip is computed, and whether a precise event must sample
 * @param preciseOpen what happens to a precise event that may count guests
 * @param intelVmEntry the version of intel_guest_get_msrs that builds the VM-entry switch list
 * @param nmiThrottleRace whether perf's NMI throttle can change IA32_PEBS_ENABLE between the list and VM entry
 */
public record KernelPolicy(String id, String description, PolicyAttrAbi attrAbi, PreciseLimit preciseLimit,
    PreciseOpen preciseOpen, IntelVmEntry intelVmEntry, boolean nmiThrottleRace) implements Identified {

  /** Where the built-ins' file lives among pmu-engine's resources. */
  public static final String BUILT_IN_RESOURCE = "kernel-policies/built-in.yaml";

  private static final List<KernelPolicy> BUILT_INS = KernelPolicyFile.builtIns(BUILT_IN_RESOURCE);

  public static final KernelPolicy LEGACY_3_6 = builtIn("3.6");
  public static final KernelPolicy REQUIRE_EXCLUDE_GUEST_3_7_RC = builtIn("3.7-rc");
  public static final KernelPolicy REVERT_3_8 = builtIn("3.8");
  public static final KernelPolicy INCLUDE_GUEST = builtIn("include-guest");
  public static final KernelPolicy MODERN = builtIn("modern");
  public static final KernelPolicy PRE_2026 = builtIn("2026-pre");
  public static final KernelPolicy FIX_2026 = builtIn("2026-fix");

  public KernelPolicy {
    if (id == null || !KernelPolicyFile.VALID_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("kernel policy id '" + id + "': " + KernelPolicyFile.VALID_ID_TEXT);
    }
    description = description == null ? "" : description;
    if (attrAbi == null || preciseLimit == null || preciseOpen == null || intelVmEntry == null) {
      throw new IllegalArgumentException("kernel policy " + id + ": every knob needs a value");
    }
  }

  /**
   * Whether a PEBS counter that counts guests keeps PEBS armed in guest mode on {@code cpu}: true where the
   * VM-entry list leaves IA32_PEBS_ENABLE alone ({@code no-pebs-switch}: 3.6, 3.7-rc, 3.8) on a PEBS CPU;
   * false on CPUs without PEBS (AMD, arm64) and for the kernels that clear it or mask the counter. The 2026
   * race (perf throttling between list and entry) is a matter of chance, not of this rule: see
   * {@link PebsThrottle}.
   */
  public boolean pebsLeftEnabledAtVmEntry(CpuModel cpu) {
    return cpu.hasPebs() && intelVmEntry == IntelVmEntry.NO_PEBS_SWITCH;
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

  /** Whether this kernel's NMI throttle can race the VM-entry MSR list (2026-pre and 2026-fix). */
  public boolean modelsThrottleRace() {
    return nmiThrottleRace;
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
    boolean current = preciseLimit == PreciseLimit.CURRENT;
    int max = 1;
    boolean ipFixup = cpu.hasLbr() || (current && cpu.pebsFormat().orElseThrow().number() >= 2);
    if (ipFixup) {
      max++;
    }
    if (current && cpu.hasPreciseDistribution()) {
      max++;
    }
    return max;
  }

  /** The built-in policies, in the order of their file. */
  public static List<KernelPolicy> builtIns() {
    return BUILT_INS;
  }

  /**
   * The built-in policy named {@code id} by the one rule of {@link Identified#byId}: blanks and case ignored.
   * A user's policies are looked up in a {@link KernelPolicies} catalog.
   */
  public static Optional<KernelPolicy> byId(String id) {
    return KernelPolicies.BUILT_IN.byId(id);
  }

  /** The built-ins' ids, for errors that list what is valid. */
  public static String validIds() {
    return KernelPolicies.BUILT_IN.validIds();
  }

  private static KernelPolicy builtIn(String id) {
    return Identified.byId(BUILT_INS.toArray(KernelPolicy[]::new), id)
        .orElseThrow(() -> new IllegalStateException(BUILT_IN_RESOURCE + " lacks the built-in policy " + id));
  }
}
