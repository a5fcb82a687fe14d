package org.perfsim.tool;

import java.util.List;
import java.util.stream.IntStream;
import org.perfsim.cpu.CpuModel;
import org.perfsim.cpu.Vendor;
import org.perfsim.kernel.PerfPermissions;

/**
 * What the perf binary reads from the machine it runs on, besides its command line: the things
 * that change the attr it builds or the fallbacks it takes.
 *
 * @param vendor             CPU vendor from CPUID (perf's {@code perf_env__cpuid}): 6.1's default
 *                           {@code cycles} event on AMD is sent without exclude_guest
 *                           ({@code arch_evsel__fixup_new_cycles}); see {@link DefaultEvents}
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

  /**
   * A KVM host as perfsim simulates it: root, paranoid 2, default sample rate, and the vendor of its
   * CPU model, so perf's vendor branches follow the host ({@code amd-zen} behaves as on AMD).
   */
  public static ToolEnvironment simulatedHost(CpuModel cpu, int onlineCpus) {
    return new ToolEnvironment(cpu.vendor(), onlineCpus, 2, true, DEFAULT_MAX_SAMPLE_RATE, false);
  }

  /**
   * A KVM host at {@code permissions}' perf_event_paranoid, perf run with its capabilities: perf's own
   * {@code perf_event_paranoid_check} asks for CAP_SYS_ADMIN or CAP_PERFMON (a kernel without CAP_PERFMON
   * grants neither to a perfmon caller: {@link PerfPermissions#perfmonCapable}).
   */
  public static ToolEnvironment simulatedHost(CpuModel cpu, int onlineCpus, PerfPermissions permissions) {
    return new ToolEnvironment(cpu.vendor(), onlineCpus, permissions.paranoid(), permissions.perfmonCapable(),
        DEFAULT_MAX_SAMPLE_RATE, false);
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
