package org.perfsim.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.KernelPolicy;
import org.perfsim.session.HostSimulation;
import org.perfsim.session.HostSpec;
import org.perfsim.session.SessionResult;
import org.perfsim.session.SteppingMode;

/**
 * CPU time of one host-session in the domain alone (docs/PERFORMANCE.md, "What a host-session costs"): the
 * fleet's host (Ivy Bridge, 4 pCPUs, 4 one-vCPU guests of busy share 0.9) plays
 * {@code perf record -e cycles:pp -a -- sleep 10} in-process, host {@code i} with seed {@code i}, once per
 * case and stepping mode, the modes taking turns within each round so that the machine's load falls on
 * both alike. CPU time is this thread's ({@link ThreadMXBean}), not wall time; the figures are the medians
 * over the rounds after the first (JIT warm-up). Every mode must give the same results; a difference stops
 * the run.
 *
 * <pre>
 * java -cp 'load-tests/target/classes:load-tests/target/lib/*' org.perfsim.bench.HostSessionCost \
 *     --hosts 20 --rounds 7
 * </pre>
 */
public final class HostSessionCost {
  private HostSessionCost() {}

  /** A host kind the fleet benchmark runs. */
  public record Case(String name, KernelPolicy kernel, PerfGeneration perf) {}

  /** The three kinds of fleet host: safe under two kernels, and the 3.6 crash. */
  public static final List<Case> CASES = List.of(
      new Case("safe: modern kernel, perf 6.1", KernelPolicy.MODERN, PerfGeneration.V6_1),
      new Case("safe: 3.6 kernel, perf 6.1", KernelPolicy.LEGACY_3_6, PerfGeneration.V6_1),
      new Case("crash: 3.6 kernel, perf 3.6", KernelPolicy.LEGACY_3_6, PerfGeneration.V3_6));

  /** One case in one mode: CPU milliseconds per host-session and the sessions' samples (to compare). */
  public record Cell(Case hostCase, SteppingMode mode, double cpuMillisPerSession, long samples, int panics) {}

  private static final String USAGE =
      "usage: HostSessionCost [--hosts N] [--rounds N] [--seconds S] [--case TEXT] [--modes M,M]";

  public static void main(String[] args) {
    int hosts = 20;
    int rounds = 3;
    String seconds = "10";
    String only = "";
    List<SteppingMode> modes = List.of(SteppingMode.values());
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      String value = i + 1 < args.length ? args[++i] : fail(option + ": needs a value");
      try {
        switch (option) {
          case "--hosts" -> hosts = positive(option, Integer.parseInt(value));
          case "--rounds" -> rounds = positive(option, Integer.parseInt(value));
          case "--seconds" -> seconds = value;
          case "--case" -> only = value;
          case "--modes" -> modes = java.util.Arrays.stream(value.split(",")).map(SteppingMode::valueOf).toList();
          default -> fail(option + ": unknown option");
        }
      } catch (IllegalArgumentException e) { // a number or mode that does not parse
        fail(option + ": " + value + " is not valid (" + e.getMessage() + ")");
      }
    }
    if (cases(only).isEmpty()) {
      fail("--case: no case contains '" + only + "'");
    }
    List<String> argv = List.of("perf", "record", "-e", "cycles:pp", "-a", "--", "sleep", seconds);
    System.out.printf(Locale.ROOT, "# %s, %d CPUs, java %s, %d hosts x %d rounds, %s%n", Instant.now(),
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), hosts, rounds,
        String.join(" ", argv));
    List<List<Cell>> measured = new ArrayList<>();
    for (int r = 1; r <= rounds; r++) {
      List<Cell> cells = round(hosts, argv, only, modes);
      System.out.printf(Locale.ROOT, "# round %d, load average %.1f%n", r, loadAverage());
      for (Cell c : cells) {
        System.out.printf(Locale.ROOT, "%-30s %-24s %8.2f ms/host-session  %d samples, %d panics%n",
            c.hostCase().name(), c.mode(), c.cpuMillisPerSession(), c.samples(), c.panics());
      }
      if (r > 1 || rounds == 1) { // the first of several rounds warms the JIT up
        measured.add(cells);
      }
    }
    System.out.printf(Locale.ROOT, "# median of %d rounds: case, mode, ms/host-session, SLICED / mode%n",
        measured.size());
    for (Case c : cases(only)) {
      for (SteppingMode mode : modes) {
        double median = median(measured, c, mode);
        System.out.printf(Locale.ROOT, "median,%s,%s,%.2f,%s%n", c.name(), mode, median,
            modes.contains(SteppingMode.SLICED)
                ? String.format(Locale.ROOT, "%.2f", median(measured, c, SteppingMode.SLICED) / median) : "");
      }
    }
  }

  /** The median over rounds of a case's CPU time per host-session in {@code mode}. */
  private static double median(List<List<Cell>> rounds, Case c, SteppingMode mode) {
    double[] values = rounds.stream().flatMap(List::stream).filter(x -> x.hostCase() == c && x.mode() == mode)
        .mapToDouble(Cell::cpuMillisPerSession).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  private static int positive(String option, int n) {
    if (n < 1) {
      fail(option + ": must be at least 1, got " + n);
    }
    return n;
  }

  private static String fail(String message) {
    System.err.println("HostSessionCost: " + message);
    System.err.println(USAGE);
    System.exit(2);
    return message;
  }

  /** The cases whose name contains {@code text} (a profile of one case). */
  static List<Case> cases(String text) {
    return CASES.stream().filter(c -> c.name().contains(text)).toList();
  }

  /**
   * Every case whose name contains {@code only} in each of {@code modes} once; the modes of a case run back
   * to back.
   */
  public static List<Cell> round(int hosts, List<String> argv, String only, List<SteppingMode> modes) {
    List<Cell> cells = new ArrayList<>();
    for (Case c : cases(only)) {
      List<SessionResult> reference = null;
      for (SteppingMode mode : modes) {
        List<SessionResult> results = new ArrayList<>(hosts);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < hosts; i++) {
          HostSpec spec = HostSpec.of("host-" + i, CpuModel.IVYBRIDGE, c.kernel(), c.perf(), 4, 4, 0.9);
          results.add(new HostSimulation(spec, i).run(argv, Optional.empty(), mode));
        }
        long cpu = threads.getCurrentThreadCpuTime() - before;
        if (reference == null) {
          reference = results;
        } else if (!reference.equals(results)) {
          throw new IllegalStateException(c.name() + ": " + mode + " differs from " + modes.get(0));
        }
        cells.add(new Cell(c, mode, cpu / 1e6 / hosts, results.stream().mapToLong(SessionResult::hostSamples).sum(),
            results.stream().mapToInt(res -> res.panics().size()).sum()));
      }
    }
    return cells;
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
