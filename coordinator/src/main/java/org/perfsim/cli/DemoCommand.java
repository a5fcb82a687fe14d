package org.perfsim.cli;

import org.perfsim.coordinator.core.Defaults;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.perfsim.events.PerfGeneration;
import org.perfsim.host.EmbeddedFleet;
import org.perfsim.host.FleetConfig;
import org.perfsim.host.HostEntity;
import org.perfsim.host.HostProfile;
import org.perfsim.kernel.KernelPolicy;
import org.perfsim.session.MatrixRunner;
import org.perfsim.session.SeedCases;
import org.perfsim.session.SessionResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code perfsim demo}: the 2012 cascade on an embedded actor fleet (a Pekko cluster of one). Under each kernel
 * policy the fleet is freshly provisioned, the seed command runs on one host, then on every host at once;
 * first with the hosts' 2012 perf binary, then once more with a modern one. The seed matrix closes it.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Runs 'perf record -e cycles:p -ag -- sleep 10' on an embedded fleet under each kernel policy "
        + "(the built-ins, then those of --kernel-policy-file).")
public final class DemoCommand implements Callable<Integer> {
  static final List<String> SEED_COMMAND = List.of("perf", "record", "-e", "cycles:p", "-ag", "--", "sleep", "10");

  @Option(names = "--hosts", defaultValue = "4", description = "hosts in the fleet (default ${DEFAULT-VALUE})")
  int hosts;

  @Option(names = "--guests", defaultValue = "" + Defaults.GUESTS_PER_HOST, description = "guests per host (default ${DEFAULT-VALUE})")
  int guests;

  @Option(names = "--pcpus", defaultValue = "" + Defaults.PCPUS, description = "physical CPUs per host (default ${DEFAULT-VALUE})")
  int pcpus;

  @Option(names = "--seed", defaultValue = "" + Defaults.SEED, description = "simulation seed (default ${DEFAULT-VALUE})")
  long seed;

  @Mixin KernelPolicyFileOptions policyFiles;

  @Override
  public Integer call() throws TimeoutException {
    if (hosts < 1 || hosts > 64 || guests < 0 || guests > 64 || pcpus < 1 || pcpus > 64) {
      throw new Choices.BadChoice("--hosts, --guests and --pcpus must be within 1..64 (guests 0..64)");
    }
    List<KernelPolicy> kernels = policyFiles.policies().all();
    FleetConfig config = FleetConfig.load().withSize(hosts, guests).withPcpus(pcpus).withHost(Defaults.CPU, Defaults.KERNEL, PerfGeneration.V3_6.id());
    System.out.printf("perfsim demo: %d Ivy Bridge hosts x %d guests (%d vCPUs, %.0f%% busy), %d pCPUs each; seed %d%n",
        hosts, guests, config.guest().vcpus(), config.guest().busyShare() * 100, pcpus, seed);
    System.out.println("Session: " + String.join(" ", SEED_COMMAND));
    try (EmbeddedFleet fleet = EmbeddedFleet.start(config, com.typesafe.config.ConfigFactory.load())) {
      for (Optional<String> perf : List.of(Optional.<String>empty(), Optional.of(PerfGeneration.MODERN.id()))) {
        System.out.printf("%n== perf %s binary ==%n", perf.orElse(config.perfVersion() + " (installed)"));
        TextTable table = new TextTable(List.of("kernel", "on", "outcome", "guests alive", "first panic",
            "last panic", "perf says", "why the first guest fell"));
        Progress progress = new Progress("perf " + perf.orElse(config.perfVersion()),
            kernels.size() * (1 + hosts));
        int done = 0;
        for (KernelPolicy kernel : kernels) {
          List<HostProfile> profiles = config.hostProfiles().stream().map(h -> h.withKernel(kernel)).toList();
          fleet.provision(profiles);
          List<HostEntity.SessionFinished> one = fleet.runSession(List.of(profiles.get(0).hostId()), SEED_COMMAND,
              perf, seed, finished -> { });
          progress.update(done += 1);
          table.add(row(kernel, "1 host", one));
          fleet.provision(profiles);
          int before = done;
          java.util.concurrent.atomic.AtomicInteger arrived = new java.util.concurrent.atomic.AtomicInteger();
          List<HostEntity.SessionFinished> all = fleet.runSession(
              IntStream.range(0, hosts).mapToObj(FleetConfig::hostId).toList(), SEED_COMMAND, perf, seed,
              finished -> progress.update(before + arrived.incrementAndGet()));
          done += hosts;
          table.add(row(kernel, "fleet", all));
        }
        progress.finish();
        System.out.print(table.toText());
      }
    }
    System.out.printf("%nThe reference's seed matrix (perf record -e EVENT -a -- sleep 0.1, 4 busy guests):%n%n");
    MatrixRunner runner = new MatrixRunner(KernelPolicy.LEGACY_3_6, seed);
    System.out.print(MatrixTables.pivot(runner.run(SeedCases.busyGuests().stream()
        .map(SeedCases.SeedCase::matrixCase).toList()), SeedCases.kernels()).toText());
    return 0;
  }

  private List<String> row(KernelPolicy kernel, String scope, List<HostEntity.SessionFinished> finished) {
    List<SessionResult> results = finished.stream().map(HostEntity.SessionFinished::result).toList();
    int total = results.size() * guests;
    long fallen = results.stream().mapToLong(r -> r.panics().stream().map(SessionResult.GuestPanic::guestId)
        .distinct().count()).sum();
    long first = results.stream().mapToLong(SessionResult::firstPanicNanos).filter(t -> t >= 0).min().orElse(-1);
    long last = results.stream().mapToLong(SessionResult::lastPanicNanos).max().orElse(-1);
    SessionResult sample = results.get(0);
    String perfSays = sample.errno().isPresent()
        ? sample.perfMessage().lines().reduce((a, b) -> b).orElse("")
        : (sample.perfNotes().isEmpty() ? "" : sample.perfNotes().get(sample.perfNotes().size() - 1) + "; ")
            + "recorded " + sample.eventName();
    String why = results.stream().flatMap(r -> r.panics().stream().map(p -> r.hostId() + " guest " + p.guestId()
        + ": " + p.reason())).findFirst().orElse("-");
    return List.of(kernel.id(), scope, sample.outcome().word(), (total - fallen) + "/" + total, seconds(first),
        seconds(last), perfSays, why);
  }

  private static String seconds(long nanos) {
    return nanos < 0 ? "-" : String.format(java.util.Locale.ROOT, "%.6f s", nanos / 1e9);
  }
}
