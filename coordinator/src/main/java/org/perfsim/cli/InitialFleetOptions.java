package org.perfsim.cli;

import org.perfsim.coordinator.core.Defaults;
import org.perfsim.coordinator.core.Limits;
import org.perfsim.coordinator.EmbeddedCoordinator.InitialFleet;
import org.perfsim.kernel.KernelPolicies;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The hosts an embedded coordinator starts with ({@code serve}, and the client verbs without --target). */
final class InitialFleetOptions {
  private static final InitialFleet DEFAULT = InitialFleet.DEFAULT;

  @Option(names = "--guests", description = "guests per host (default " + Defaults.GUESTS_PER_HOST + ")")
  Integer guests;

  @Option(names = "--cpu", description = "CPU model of the hosts (default " + Defaults.CPU + ")")
  String cpu;

  @Option(names = "--kernel", description = "kernel policy of the hosts, built-in or from --kernel-policy-file "
      + "(default " + Defaults.KERNEL + ")")
  String kernel;

  @Mixin KernelPolicyFileOptions policyFiles;

  @Option(names = "--installed-perf", description = "perf generation installed on the hosts (default " + Defaults.PERF + ")")
  String perfVersion;

  @Option(names = "--pcpus", description = "physical CPUs per host (default " + Defaults.PCPUS + ")")
  Integer pcpus;

  @Option(names = "--paranoid", paramLabel = "N", description = "the hosts' kernel.perf_event_paranoid: -1, 0, 1, 2 "
      + "or 3 (Debian's: no perf_event_open without CAP_PERFMON) (default " + Defaults.PERF_EVENT_PARANOID + ")")
  Integer paranoid;

  /** The built-in kernel policies and those of --kernel-policy-file, which the coordinator's requests may name. */
  KernelPolicies policies() {
    return policyFiles.policies();
  }

  /** The fleet asked for, checked option by option; {@code hosts} null means the default, 4. */
  InitialFleet fleet(Integer hosts, String hostsOption) {
    int h = hosts == null ? DEFAULT.hosts() : hosts;
    int g = guests == null ? DEFAULT.guests() : guests;
    int p = pcpus == null ? DEFAULT.pcpus() : pcpus;
    within(hostsOption, h, 0, Limits.MAX_HOSTS);
    within("--guests", g, 0, Limits.MAX_GUESTS_PER_HOST);
    within("--pcpus", p, 1, Limits.MAX_PCPUS);
    return new InitialFleet(h, g,
        cpu == null ? DEFAULT.cpu() : Choices.cpu(cpu, "--cpu").id(),
        kernel == null ? DEFAULT.kernel() : Choices.kernel(policies(), kernel, "--kernel").id(),
        perfVersion == null ? DEFAULT.perfVersion() : Choices.generation(perfVersion, "--installed-perf").id(), p,
        paranoid == null ? DEFAULT.perfEventParanoid() : Choices.paranoid(paranoid, "--paranoid"));
  }

  private static void within(String option, int value, int min, int max) {
    if (value < min || value > max) {
      throw new Choices.BadChoice(option + ": must be within " + min + ".." + max + ", got " + value);
    }
  }
}
