package org.perfsim.tool;

import java.util.List;
import java.util.stream.IntStream;
import org.perfsim.cpu.Vendor;

/**
 * What the perf binary reads from the machine it runs on, besides its command line: the things
 * that change the attr it builds or the fallbacks it takes.
 *
 * @param vendor             CPU vendor from CPUID: 6.1's default {@code cycles} event on AMD is sent
 *                           without exclude_guest ({@code arch_evsel__fixup_new_cycles})
 * @param onlineCpus         CPUs 0..n-1 that perf opens per-CPU events on
 * @param perfEventParanoid  {@code /proc/sys/kernel/perf_event_paranoid}
 * @param privileged         root or CAP_PERFMON: the paranoid setting does not restrict perf
 * @param maxSampleRate      {@code /proc/sys/kernel/perf_event_max_sample_rate}, what {@code -F max}
 *                           means and where a higher {@code -F} is throttled
 * @param selinuxEnforcing   {@code /sys/fs/selinux/enforce}: adds a paragraph to permission errors
 */
public record ToolEnvironment(Vendor vendor, int onlineCpus, int perfEventParanoid,
    boolean privileged, int maxSampleRate, boolean selinuxEnforcing) {

  /** The kernel's default maximum sample rate. */
  public static final int DEFAULT_MAX_SAMPLE_RATE = 100_000;

  public ToolEnvironment {
    if (onlineCpus < 1) {
      throw new IllegalArgumentException("a machine has at least one CPU: " + onlineCpus);
    }
  }

  /** A KVM host as perfsim simulates it: Intel, root, paranoid 2, default sample rate. */
  public static ToolEnvironment intelHost(int onlineCpus) {
    return new ToolEnvironment(Vendor.INTEL, onlineCpus, 2, true, DEFAULT_MAX_SAMPLE_RATE, false);
  }

  /**
   * The machine the ground-truth tests run perf 6.1 on: an AMD VM with two CPUs, as root. Only
   * the vendor matters to the attr (the default event), the CPU count to per-CPU opens.
   */
  public static ToolEnvironment groundTruthMachine() {
    return new ToolEnvironment(Vendor.AMD, 2, 2, true, DEFAULT_MAX_SAMPLE_RATE, false);
  }

  /** perf_event_paranoid_check(1)/perf_event_can_profile_kernel: may the user sample the kernel. */
  public boolean canProfileKernel() {
    return privileged || perfEventParanoid <= 1;
  }

  /** CPUs 0..n-1. */
  public List<Integer> cpus() {
    return IntStream.range(0, onlineCpus).boxed().toList();
  }

  public ToolEnvironment withPrivileged(boolean isPrivileged) {
    return new ToolEnvironment(vendor, onlineCpus, perfEventParanoid, isPrivileged, maxSampleRate,
        selinuxEnforcing);
  }

  public ToolEnvironment withParanoid(int paranoid) {
    return new ToolEnvironment(vendor, onlineCpus, paranoid, privileged, maxSampleRate,
        selinuxEnforcing);
  }
}
