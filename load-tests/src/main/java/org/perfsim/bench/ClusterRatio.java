package org.perfsim.bench;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.perfsim.api.v1.SessionSummary;
import org.perfsim.coordinator.EmbeddedCoordinator.InitialFleet;
import org.perfsim.coordinator.core.Defaults;
import org.perfsim.host.EmbeddedFleet;
import org.perfsim.host.HostNodeMain;

/**
 * Cluster benchmark (docs/PERFORMANCE.md): the same fleet-wide session on {@code guests} guests with the
 * hosts in 1 JVM, then spread over {@code jvms} JVMs on loopback (this one as the seed plus
 * {@link HostNodeMain} children, as MultiJvmFleetTest starts them); prints both wall times and their ratio.
 *
 * <pre>
 * java -Xmx2g -cp 'load-tests/target/classes:load-tests/target/lib/*' org.perfsim.bench.ClusterRatio \
 *     --guests 10000 --jvms 3 --child-heap 1g
 * </pre>
 */
public final class ClusterRatio {
  private ClusterRatio() {}

  public static void main(String[] args) throws Exception {
    int guests = 10_000;
    int jvms = 3;
    String childHeap = "1g";
    String command = "perf record -e cycles:pp -a -- sleep 10";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--guests" -> guests = Integer.parseInt(args[++i]);
        case "--jvms" -> jvms = Integer.parseInt(args[++i]);
        case "--child-heap" -> childHeap = args[++i];
        case "--command" -> command = args[++i];
        default -> {
          System.err.println("usage: ClusterRatio [--guests N] [--jvms N] [--child-heap SIZE] [--command 'perf ...']");
          System.exit(2);
        }
      }
    }
    List<String> argv = List.of(command.trim().split("\\s+"));
    System.out.printf(Locale.ROOT, "# %s, %d CPUs, java %s, %d guests, command: %s%n", Instant.now(),
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), guests, command);
    double one = run(guests, 1, childHeap, argv);
    double many = run(guests, jvms, childHeap, argv);
    System.out.printf(Locale.ROOT, "ratio,1 JVM / %d JVMs,%.2f%n", jvms, one / many);
  }

  /** Session wall seconds on a fresh fleet spread over {@code jvms} JVMs. */
  static double run(int guests, int jvms, String childHeap, List<String> argv) throws Exception {
    int hosts = Math.max(1, guests / Defaults.GUESTS_PER_HOST);
    EmbeddedFleet fleet = EmbeddedFleet.start();
    List<Process> children = new ArrayList<>();
    try (BenchCoordinator coordinator = BenchCoordinator.over(fleet, hosts)) {
      for (int i = 1; i < jvms; i++) {
        children.add(launchHostNode(fleet.seedNode(), childHeap, i));
      }
      fleet.awaitHostingNodes(jvms, Duration.ofSeconds(120));
      AtomicInteger up = new AtomicInteger();
      double provision = coordinator.provision(new InitialFleet(hosts, Defaults.GUESTS_PER_HOST, Defaults.CPU,
          Defaults.KERNEL, Defaults.PERF, Defaults.PCPUS), up::incrementAndGet);
      long start = System.nanoTime();
      SessionSummary summary = coordinator.runOnAllHosts(argv, 3600, new AtomicInteger());
      double session = (System.nanoTime() - start) / 1e9;
      System.out.printf(Locale.ROOT, "jvms,%d,hosts,%d,provision_s,%.2f,session_s,%.2f,hosts_done,%d,hosts_failed,%d%n",
          jvms, hosts, provision, session, summary.getHostsDone(), summary.getHostsFailed());
      return session;
    } finally {
      // children first, so they leave while the seed is still there to see them go
      children.forEach(Process::destroy);
      for (Process child : children) {
        if (!child.waitFor(20, TimeUnit.SECONDS)) {
          child.destroyForcibly();
        }
      }
    }
  }

  private static Process launchHostNode(String seed, String heap, int index) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    File log = Path.of(System.getProperty("java.io.tmpdir"), "perfsim-bench-host-node-" + index + ".log").toFile();
    return new ProcessBuilder(java, "-Xmx" + heap, "-cp", System.getProperty("java.class.path"),
        HostNodeMain.class.getName(), "--exit-with-parent", seed)
        .redirectErrorStream(true).redirectOutput(log).start();
  }
}
