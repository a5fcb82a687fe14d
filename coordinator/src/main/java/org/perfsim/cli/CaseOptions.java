package org.perfsim.cli;

import org.perfsim.coordinator.core.Defaults;
import java.util.List;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.KernelPolicy;
import org.perfsim.session.MatrixPlan;
import org.perfsim.session.SeedCases;
import picocli.CommandLine.Option;

/**
 * The case selection and output options {@code matrix} and {@code abi-check} share (a picocli mixin): which
 * perf binaries, CPUs, events and guests, the output format and the seed.
 */
final class CaseOptions {
  @Option(names = "--perf-versions", description = "comma list of perf generations (default 3.6,3.7,6.1,modern)")
  String perfVersions;

  @Option(names = "--cpus", description = "comma list of CPU models (default ivybridge)")
  String cpus;

  @Option(names = "--events", description = "';'-separated events (default 'cycles;cycles:pp;cycles:ppH')")
  String events;

  @Option(names = "--guests", description = "running guests with busy vCPUs (default 4)")
  Integer guests;

  @Option(names = "--idle-guests", description = "the guests never run during the session")
  boolean idleGuests;

  @Option(names = "--format", defaultValue = "table", description = "table, markdown, csv or json")
  String format;

  @Option(names = "--seed", defaultValue = "" + Defaults.SEED, description = "simulation seed")
  long seed;

  /** No perf, event or guest selection: the reference's seed table cells. */
  boolean seedCells() {
    return perfVersions == null && events == null && guests == null && !idleGuests;
  }

  MatrixCommand.Format outputFormat() {
    return MatrixCommand.Format.parse(format);
  }

  List<CpuModel> cpuList() {
    return cpus == null ? List.of() : Choices.list(cpus, "--cpus", id -> Choices.cpu(id, "--cpus"));
  }

  /** The product of the selection under {@code kernels}; a refused selection is a usage error naming the option. */
  MatrixPlan selection(List<KernelPolicy> kernels) {
    List<PerfGeneration> perfs = perfVersions == null ? List.of()
        : Choices.list(perfVersions, "--perf-versions", id -> Choices.generation(id, "--perf-versions"));
    List<String> eventList = events == null ? List.of()
        : List.of(events.split(";")).stream().map(String::trim).filter(e -> !e.isEmpty()).toList();
    if (events != null && eventList.isEmpty()) {
      throw new Choices.BadChoice("--events: empty list");
    }
    try {
      return MatrixPlan.selection(perfs, kernels, cpuList(), eventList,
          guests == null ? SeedCases.SEED_GUESTS : guests, idleGuests, Integer.MAX_VALUE);
    } catch (IllegalArgumentException e) {
      throw new Choices.BadChoice("--" + e.getMessage());
    }
  }
}
