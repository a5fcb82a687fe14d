package org.perfsim.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.KernelPolicy;
import org.perfsim.session.HostSimulation;
import org.perfsim.session.HostSpec;
import org.perfsim.session.MatrixRunner;
import org.perfsim.session.SeedCases;
import org.perfsim.session.SessionResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code perfsim demo}: the 2012 cascade. The seed command runs on every host of a small Ivy Bridge fleet under
 * each kernel policy, first with the 2012 perf and then with a modern one, then the seed matrix is printed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Runs 'perf record -e cycles:p -ag -- sleep 10' across a simulated fleet under each kernel policy.")
public final class DemoCommand implements Callable<Integer> {
  static final List<String> SEED_COMMAND = List.of("perf", "record", "-e", "cycles:p", "-ag", "--", "sleep", "10");

  @Option(names = "--hosts", defaultValue = "4", description = "hosts in the fleet")
  int hosts;

  @Option(names = "--guests", defaultValue = "4", description = "guests per host (busy vCPUs)")
  int guests;

  @Option(names = "--pcpus", defaultValue = "4", description = "physical CPUs per host")
  int pcpus;

  @Option(names = "--seed", defaultValue = "2012", description = "simulation seed")
  long seed;

  @Override
  public Integer call() {
    if (hosts < 1 || hosts > 64 || guests < 0 || guests > 64 || pcpus < 1 || pcpus > 64) {
      throw new Choices.BadChoice("--hosts, --guests and --pcpus must be within 1..64 (guests 0..64)");
    }
    System.out.printf("perfsim demo: %d Ivy Bridge hosts x %d busy guests, %d pCPUs each; seed %d%n",
        hosts, guests, pcpus, seed);
    System.out.println("Session on every host: " + String.join(" ", SEED_COMMAND));
    for (PerfGeneration perf : List.of(PerfGeneration.V3_6, PerfGeneration.MODERN)) {
      System.out.printf("%n== perf %s binary ==%n", perf.id());
      TextTable table = new TextTable(List.of("kernel", "outcome", "guests alive", "first panic", "last panic",
          "perf says", "why the first guest fell"));
      Progress progress = new Progress("perf " + perf.id(), KernelPolicy.values().length * hosts);
      int done = 0;
      for (KernelPolicy kernel : KernelPolicy.values()) {
        List<SessionResult> fleet = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
          HostSpec host = HostSpec.of("host-" + h, CpuModel.IVYBRIDGE, kernel, perf, pcpus, guests, 1.0);
          fleet.add(new HostSimulation(host, seed + h).run(SEED_COMMAND, Optional.empty()));
          progress.update(++done);
        }
        table.add(fleetRow(kernel, fleet));
      }
      progress.finish();
      System.out.print(table.toText());
    }
    System.out.printf("%nThe reference's seed matrix (perf record -e EVENT -a -- sleep 0.1, 4 busy guests):%n%n");
    MatrixRunner runner = new MatrixRunner(KernelPolicy.LEGACY_3_6, seed);
    System.out.print(MatrixTables.pivot(runner.run(SeedCases.busyGuests().stream()
        .map(SeedCases.SeedCase::matrixCase).toList()), SeedCases.kernels()).toText());
    return 0;
  }

  private List<String> fleetRow(KernelPolicy kernel, List<SessionResult> fleet) {
    int total = hosts * guests;
    int fallen = fleet.stream().mapToInt(r -> r.panics().size()).sum();
    long first = fleet.stream().mapToLong(SessionResult::firstPanicNanos).filter(t -> t >= 0).min().orElse(-1);
    long last = fleet.stream().mapToLong(SessionResult::lastPanicNanos).max().orElse(-1);
    SessionResult sample = fleet.get(0);
    String perfSays = sample.errno().isPresent()
        ? sample.perfMessage().lines().reduce((a, b) -> b).orElse("")
        : (sample.perfNotes().isEmpty() ? "" : sample.perfNotes().get(sample.perfNotes().size() - 1) + "; ")
            + "recorded " + sample.eventName();
    String why = fleet.stream().flatMap(r -> r.panics().stream()).findFirst()
        .map(p -> "guest " + p.guestId() + ": " + p.reason()).orElse("-");
    return List.of(kernel.id(), sample.outcome().word(), (total - fallen) + "/" + total, millis(first), millis(last),
        perfSays, why);
  }

  private static String millis(long nanos) {
    return nanos < 0 ? "-" : String.format("%.3f s", nanos / 1e9);
  }
}
