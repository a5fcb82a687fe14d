package org.perfsim.kernel;

/**
 * Which of the kernel's rules decided an open, in the kernel's own words: the rule {@link PreciseRules} (or the
 * generic checks of {@link Kernel}) actually took, carried on the result so an explanation reports the decision
 * that was made rather than re-deriving it. Sources are in docs/SOURCES.md, "Why an outcome".
 */
public enum KernelRule {
  GENERIC_CHECKS("generic-checks", "perf_copy_attr and perf_event_open's generic checks (size, reserved bits, "
      + "flags, target, permission, event type)", "kernel/events/core.c: perf_copy_attr, sys_perf_event_open"),
  NOT_PRECISE("not-precise", "precise_ip 0: no precise-event rule applies; exclude_guest/exclude_host alone decide "
      + "the contexts", "arch/x86/kernel/cpu/perf_event.c: x86_pmu_hw_config (precise checks only if precise_ip)"),
  PRECISE_IGNORED("precise-ignored", "this PMU driver never looks at precise_ip: the event counts with skid",
      "arch/arm64: armv8pmu has no precise_ip check"),
  ABOVE_MAX_PRECISE("above-max-precise", "\"if (event->attr.precise_ip > precise) return -EOPNOTSUPP;\" - precise "
      + "is 1 with PEBS, +1 with LBR (2012), +1 with PDIR (today)",
      "x86_pmu_hw_config (2012); x86_pmu_max_precise, arch/x86/events/core.c (today)"),
  PRECISE_NEEDS_SAMPLING("precise-needs-sampling", "\"no sense in having PEBS for non sampling events\" (EINVAL)",
      "arch/x86/events/core.c: x86_pmu_hw_config"),
  PRECISE_ALLOWED("precise-allowed", "precise_ip within the PMU's maximum is accepted whatever exclude_guest: the "
      + "precise check looks only at what the PMU supports (PEBS, LBR, PDIR)",
      "x86_pmu_hw_config: arch/x86/kernel/cpu/perf_event.c in 3.6 and again in 3.8 (revert a706d965dcfd); "
      + "arch/x86/events/core.c today"),
  REQUIRE_EXCLUDE_GUEST("require-exclude-guest", "\"if (!event->attr.exclude_guest) return -EOPNOTSUPP;\" - PEBS "
      + "in VT-x guest mode writes through the host's DS address as a guest linear address and corrupts guest "
      + "memory, so a precise event must exclude guests",
      "x86_pmu_hw_config, commit 20b279ddb38c \"perf/x86: Require exclude_guest to use PEBS - kernel side "
      + "enforcement\" (3.7-rc; reverted by a706d965dcfd)"),
  INCLUDE_GUEST_HOST_ONLY("include-guest-host-only", "include_guest=0 (the default): the precise event counts "
      + "the host only", "Torvalds' include_guest proposal, LKML 2012-12 (never merged)"),
  INCLUDE_GUEST_REFUSED("include-guest-refused", "a precise event with an explicit guest request is refused on x86",
      "Torvalds' include_guest proposal, LKML 2012-12 (never merged)"),
  AMD_IBS("amd-ibs", "\"pass precise event sampling to ibs\": on AMD a precise event goes to IBS op sampling, "
      + "which tags micro-ops in every mode, so it cannot tell guest from host and refuses exclude bits",
      "amd_pmu_hw_config / forward_event_to_ibs (arch/x86/events/amd/core.c, ibs.c); perf_ibs_init"),
  PARANOID_ANY("paranoid-any", "\"if (perf_paranoid_any() && !perfmon_capable()) return -EACCES;\" - "
      + "perf_event_paranoid 3 disallows every perf_event_open by a caller without CAP_PERFMON or CAP_SYS_ADMIN",
      "Debian's features/all/security-perf-allow-further-restriction-of-perf_event_open.patch (Ben Hutchings, "
      + "2016): sys_perf_event_open, kernel/events/core.c"),
  PARANOID_KERNEL("paranoid-kernel", "\"if (!attr.exclude_kernel) { err = perf_allow_kernel(&attr); ...}\" - "
      + "perf_event_paranoid above 1 refuses kernel profiling to a caller that is not perfmon_capable()",
      "kernel/events/core.c: sys_perf_event_open; include/linux/perf_event.h: perf_allow_kernel (5.8; before: "
      + "perf_paranoid_kernel() && !capable(CAP_SYS_ADMIN))"),
  PARANOID_CPU("paranoid-cpu", "\"/* Must be root to operate on a CPU event: */ err = perf_allow_cpu(...)\" - "
      + "perf_event_paranoid above 0 refuses a CPU-wide event to a caller that is not perfmon_capable()",
      "kernel/events/core.c: find_get_context; include/linux/perf_event.h: perf_allow_cpu (5.8; before: "
      + "perf_paranoid_cpu() && !capable(CAP_SYS_ADMIN))");

  private final String id;
  private final String kernelText;
  private final String source;

  KernelRule(String id, String kernelText, String source) {
    this.id = id;
    this.kernelText = kernelText;
    this.source = source;
  }

  /** A short, stable name, e.g. {@code require-exclude-guest}. */
  public String id() {
    return id;
  }

  /** The rule in the kernel's words (its code or the commit that added it), quoted where short. */
  public String kernelText() {
    return kernelText;
  }

  /** Where the rule lives: file, function and commit. */
  public String source() {
    return source;
  }
}
