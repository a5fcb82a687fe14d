package org.perfsim.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.perfsim.api.v1.SessionSummary;
import org.perfsim.coordinator.EmbeddedCoordinator.InitialFleet;
import org.perfsim.coordinator.core.Defaults;

/**
 * Fleet-scale benchmark and scale curve (docs/PERFORMANCE.md): for each guest count, a fresh embedded fleet
 * of {@code guests / 4} hosts x 4 guests x 4 pCPUs (the defaults), one fleet-wide {@code perf record} over
 * gRPC, wall time and heap after GC; then CloudSim Plus on 40k VMs in the same JVM as the baseline.
 *
 * <pre>
 * java -Xmx4g -cp 'load-tests/target/classes:load-tests/target/lib/*' org.perfsim.bench.FleetScale \
 *     --guests 1000,10000,100000 --perf 6.1,3.6 --csv docs/scale-curve.csv --svg docs/scale-curve.svg
 * </pre>
 */
public final class FleetScale {
  private FleetScale() {}

  /** One measured run. */
  record Row(int guests, int hosts, String perf, double provisionSeconds, double sessionSeconds, long heapBytes,
      int hostsDone, int hostsFailed, int guestsPanicked) {
    double heapBytesPerGuest() {
      return (double) heapBytes / guests;
    }

    static String header() {
      return "guests,hosts,perf,provision_s,session_s,heap_mib,heap_bytes_per_guest,hosts_done,hosts_failed,"
          + "guests_panicked";
    }

    String csv() {
      return String.format(Locale.ROOT, "%d,%d,%s,%.2f,%.2f,%.1f,%.0f,%d,%d,%d", guests, hosts, perf,
          provisionSeconds, sessionSeconds, heapBytes / 1048576.0, heapBytesPerGuest(), hostsDone, hostsFailed,
          guestsPanicked);
    }
  }

  public static void main(String[] args) throws Exception {
    List<Integer> guests = List.of(1000, 10_000, 100_000);
    List<String> perfs = List.of(Defaults.PERF);
    int cloudSimVms = 40_000;
    Path csv = null;
    Path svg = null;
    String command = "perf record -e cycles:pp -a -- sleep 10";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--guests" -> guests = Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
        case "--perf" -> perfs = List.of(args[++i].split(","));
        case "--cloudsim-vms" -> cloudSimVms = Integer.parseInt(args[++i]);
        case "--csv" -> csv = Path.of(args[++i]);
        case "--svg" -> svg = Path.of(args[++i]);
        case "--command" -> command = args[++i];
        default -> {
          System.err.println("usage: FleetScale [--guests N,N...] [--perf 6.1,3.6] [--cloudsim-vms N (0: none)]"
              + " [--csv FILE] [--svg FILE] [--command 'perf record ...']");
          System.exit(2);
        }
      }
    }
    System.out.printf(Locale.ROOT, "# %s, %d CPUs, max heap %d MiB, java %s, command: %s%n", Instant.now(),
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("java.version"), command);
    // the baseline first, on a JVM not yet holding a fleet; each row is written as soon as it is measured
    double cloudSim = Double.NaN;
    if (cloudSimVms > 0) {
      cloudSim = CloudSimBaseline.run(cloudSimVms, 10);
      System.out.printf(Locale.ROOT, "cloudsim-plus,%d VMs,%.2f s%n", cloudSimVms, cloudSim);
    }
    List<Row> rows = new ArrayList<>();
    System.out.println(Row.header());
    for (String perf : perfs) {
      for (int g : guests) {
        Row row = run(g, perf, List.of(command.trim().split("\\s+")));
        rows.add(row);
        System.out.println(row.csv());
        if (cloudSimVms > 0) {
          System.out.printf(Locale.ROOT, "ratio,%d guests,perf %s,session/cloudsim %.2f%n", row.guests(), row.perf(),
              row.sessionSeconds() / cloudSim);
        }
        if (csv != null) {
          writeCsv(csv, rows);
        }
        if (svg != null) {
          Files.writeString(svg, ScaleCurveChart.svg(rows));
        }
      }
    }
  }

  /** A fresh fleet of {@code guests} guests, provisioned, then one session on every host. */
  static Row run(int guests, String perf, List<String> argv) throws Exception {
    int hosts = Math.max(1, guests / Defaults.GUESTS_PER_HOST);
    long heapBefore = BenchCoordinator.heapAfterGc();
    try (BenchCoordinator coordinator = BenchCoordinator.start(hosts)) {
      AtomicInteger up = new AtomicInteger();
      AtomicInteger done = new AtomicInteger();
      ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-progress");
        t.setDaemon(true);
        return t;
      });
      // progress on stderr every 5 s: long runs are not silent
      ticker.scheduleAtFixedRate(() -> System.err.printf("  %d guests, perf %s: hosts up %d/%d, hosts done %d/%d%n",
          guests, perf, up.get(), hosts, done.get(), hosts), 5, 5, TimeUnit.SECONDS);
      try {
        double provision = coordinator.provision(new InitialFleet(hosts, Defaults.GUESTS_PER_HOST, Defaults.CPU,
            Defaults.KERNEL, perf, Defaults.PCPUS), up::incrementAndGet);
        long start = System.nanoTime();
        SessionSummary summary = coordinator.runOnAllHosts(argv, 3600, done);
        double session = (System.nanoTime() - start) / 1e9;
        long heap = BenchCoordinator.heapAfterGc() - heapBefore;
        return new Row(guests, hosts, perf, provision, session, heap, summary.getHostsDone(),
            summary.getHostsFailed(), summary.getGuestsPanicked());
      } finally {
        ticker.shutdownNow();
      }
    }
  }

  static void writeCsv(Path file, List<Row> rows) throws IOException {
    List<String> lines = new ArrayList<>(List.of(Row.header()));
    rows.forEach(r -> lines.add(r.csv()));
    Files.write(file, lines);
  }
}
