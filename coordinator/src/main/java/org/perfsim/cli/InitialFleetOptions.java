package org.perfsim.cli;

import org.perfsim.coordinator.EmbeddedCoordinator.InitialFleet;
import picocli.CommandLine.Option;

/** The hosts an embedded coordinator starts with ({@code serve}, and the client verbs without --target). */
final class InitialFleetOptions {
  private static final InitialFleet DEFAULT = InitialFleet.DEFAULT;

  @Option(names = "--guests", description = "guests per host (default 4)")
  Integer guests;

  @Option(names = "--cpu", description = "CPU model of the hosts (default ivybridge)")
  String cpu;

  @Option(names = "--kernel", description = "kernel policy of the hosts (default 3.6)")
  String kernel;

  @Option(names = "--installed-perf", description = "perf generation installed on the hosts (default 6.1)")
  String perfVersion;

  @Option(names = "--pcpus", description = "physical CPUs per host (default 4)")
  Integer pcpus;

  /** The fleet asked for, checked option by option; {@code hosts} null means the default, 4. */
  InitialFleet fleet(Integer hosts, String hostsOption) {
    int h = hosts == null ? DEFAULT.hosts() : hosts;
    int g = guests == null ? DEFAULT.guests() : guests;
    int p = pcpus == null ? DEFAULT.pcpus() : pcpus;
    if (h < 0 || h > 10_000) {
      throw new Choices.BadChoice(hostsOption + ": must be within 0..10000, got " + h);
    }
    if (g < 0 || g > 256) {
      throw new Choices.BadChoice("--guests: must be within 0..256, got " + g);
    }
    if (p < 1 || p > 256) {
      throw new Choices.BadChoice("--pcpus: must be within 1..256, got " + p);
    }
    return new InitialFleet(h, g,
        cpu == null ? DEFAULT.cpu() : Choices.cpu(cpu, "--cpu").id(),
        kernel == null ? DEFAULT.kernel() : Choices.kernel(kernel, "--kernel").id(),
        perfVersion == null ? DEFAULT.perfVersion() : Choices.generation(perfVersion, "--installed-perf").id(), p);
  }
}
