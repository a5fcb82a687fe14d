package org.perfsim.session;

import java.util.ArrayList;
import java.util.List;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.Capabilities;
import org.perfsim.kernel.KernelPolicy;
import org.perfsim.tool.CommandLineResult;

/**
 * Which matrix cells to run, as the {@code matrix} verb and the AbiService's RunMatrix choose them: either
 * the reference's seed table (busy guests, then without busy guests) or the product of the given perf
 * generations, events, CPUs and kernels, perf generation outermost.
 *
 * @param sections the cases, one list per printed table (two for the seed table, one for a selection)
 */
public record MatrixPlan(List<List<MatrixCase>> sections) {
  /** The events a selection uses when none are given. */
  public static final List<String> DEFAULT_EVENTS = List.of("cycles", "cycles:pp", "cycles:ppH");
  /** Guests per host a selection allows. */
  public static final int MAX_GUESTS = 256;

  public MatrixPlan {
    sections = sections.stream().map(List::copyOf).toList();
  }

  /** The seed table's cells under {@code kernels} only. */
  public static MatrixPlan seedTable(List<KernelPolicy> kernels) {
    return new MatrixPlan(List.of(seedSection(SeedCases.busyGuests(), kernels),
        seedSection(SeedCases.withoutBusyGuests(), kernels)));
  }

  private static List<MatrixCase> seedSection(List<SeedCases.SeedCase> cases, List<KernelPolicy> kernels) {
    return cases.stream().map(SeedCases.SeedCase::matrixCase).filter(c -> kernels.contains(c.kernel())).toList();
  }

  /**
   * Every combination; an empty list means every perf generation, {@link CpuModel#DEFAULT} or
   * {@link #DEFAULT_EVENTS}. The case count is checked against {@code maxCases} before any case is built. An
   * event that the perf of every selected case rejects is a usage error ("events: ...", with perf's own text);
   * one that only some generations reject stays a case whose outcome is {@code error} with perf's text.
   */
  public static MatrixPlan selection(List<PerfGeneration> perfs, List<KernelPolicy> kernels, List<CpuModel> cpus,
      List<String> events, int guests, boolean idleGuests, int maxCases) {
    List<PerfGeneration> perfList = perfs.isEmpty() ? List.of(PerfGeneration.values()) : perfs;
    List<CpuModel> cpuList = cpus.isEmpty() ? List.of(CpuModel.DEFAULT) : cpus;
    List<String> eventList = events.isEmpty() ? DEFAULT_EVENTS : events;
    if (eventList.stream().anyMatch(String::isBlank)) {
      throw new MatrixPlanRefused(MatrixPlanRefused.Kind.INVALID, "events", "an event is empty");
    }
    if (guests < 0 || guests > MAX_GUESTS) {
      throw new MatrixPlanRefused(MatrixPlanRefused.Kind.INVALID, "guests",
          "must be within 0.." + MAX_GUESTS + ", got " + guests);
    }
    long count = (long) perfList.size() * eventList.size() * cpuList.size() * kernels.size();
    if (count > maxCases) {
      throw new MatrixPlanRefused(MatrixPlanRefused.Kind.TOO_MANY_CASES, "", "the matrix has " + perfList.size() + " perf generations x "
          + eventList.size() + " events x " + cpuList.size() + " CPUs x " + kernels.size() + " kernels = "
          + count + " cases, more than " + maxCases);
    }
    List<MatrixCase> cases = new ArrayList<>();
    for (PerfGeneration p : perfList) {
      for (String e : eventList) {
        for (CpuModel c : cpuList) {
          for (KernelPolicy k : kernels) {
            cases.add(new MatrixCase(p, k, c, e, guests, idleGuests));
          }
        }
      }
    }
    for (String e : eventList) {
      rejectedByEveryPerf(cases.stream().filter(c -> c.event().equals(e)).toList()).ifPresent(text -> {
        throw new MatrixPlanRefused(MatrixPlanRefused.Kind.INVALID, "events",
            "every selected perf rejects '" + e + "'; " + text);
      });
    }
    return new MatrixPlan(List.of(cases));
  }

  /** perf's text for the last of {@code cases} when the perf of every one rejects its command line. */
  private static java.util.Optional<String> rejectedByEveryPerf(List<MatrixCase> cases) {
    String text = null;
    for (MatrixCase c : cases) {
      CommandLineResult parsed = HostSimulation.parse(c.host(), c.commandLine(), c.perf());
      if (!(parsed instanceof CommandLineResult.Rejected rejected)) {
        return java.util.Optional.empty();
      }
      text = "perf " + c.perf().id() + " prints:\n" + rejected.error().text(); // unprefixed: the caret line aligns
    }
    return java.util.Optional.ofNullable(text);
  }

  /** Every cell on hosts at {@code paranoid}, perf run with {@code caps} (the matrix's --paranoid/--caps). */
  public MatrixPlan withPermissions(int paranoid, Capabilities caps) {
    return new MatrixPlan(sections.stream()
        .map(section -> section.stream().map(c -> c.withPermissions(paranoid, caps)).toList()).toList());
  }

  public int caseCount() {
    return sections.stream().mapToInt(List::size).sum();
  }
}
