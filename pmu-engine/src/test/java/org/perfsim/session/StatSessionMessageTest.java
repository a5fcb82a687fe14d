package org.perfsim.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.KernelPolicy;

/** A perf stat session ends with perf stat's counts, a perf record session with what record wrote. */
class StatSessionMessageTest {

  private static SessionResult run(String... argv) {
    // a current kernel: perf 6.1's stat attrs (sample_type IDENTIFIER) are newer than the 2012 kernels
    HostSpec host = HostSpec.of("h", CpuModel.IVYBRIDGE, KernelPolicy.MODERN, PerfGeneration.V6_1, 2, 2, 1.0);
    return new HostSimulation(host, 3).run(List.of(argv), Optional.empty());
  }

  @Test
  void aStatSessionReportsPerfStatsCountsNotRecordsSummary() {
    SessionResult r = run("perf", "stat", "-a", "-e", "cycles,cpu-clock,page-faults", "--", "sleep", "0.01");
    List<String> lines = r.perfMessage().lines().toList();

    assertEquals(" Performance counter stats for 'system wide':", lines.get(0), r.perfMessage());
    assertEquals("", lines.get(1));
    assertTrue(lines.get(2).matches(" *[1-9][0-9]*      cycles"), lines.get(2));
    assertEquals("             20.00 msec cpu-clock", lines.get(3), "10 ms on each of 2 CPUs");
    assertEquals("   <not simulated>      page-faults", lines.get(4));
    assertEquals("       0.010000000 seconds time elapsed", lines.get(lines.size() - 1));
    assertFalse(r.perfMessage().contains("perf record"), r.perfMessage());
  }

  @Test
  void statCountsTheCyclesItsCounterSaw() {
    SessionResult host = run("perf", "stat", "-a", "-e", "cycles:H", "--", "sleep", "0.01");
    SessionResult both = run("perf", "stat", "-a", "-e", "cycles:GH", "--", "sleep", "0.01");

    long hostOnly = count(host.perfMessage());
    long hostAndGuests = count(both.perfMessage());
    assertTrue(hostOnly > 0 && hostAndGuests > hostOnly, host.perfMessage() + both.perfMessage());
  }

  @Test
  void aStatOfAWorkloadNamesItInTheHeader() {
    SessionResult r = run("perf", "stat", "-e", "cycles", "--", "sleep", "0.01");

    assertTrue(r.perfMessage().startsWith(" Performance counter stats for 'sleep 0.01':\n"), r.perfMessage());
  }

  @Test
  void aRecordSessionStillSaysWhatItWrote() {
    SessionResult r = run("perf", "record", "-a", "-e", "cycles", "--", "sleep", "0.01");

    assertTrue(r.perfMessage().startsWith("[ perf record: Captured and wrote "), r.perfMessage());
  }

  private static long count(String statText) {
    return Long.parseLong(statText.lines().skip(2).findFirst().orElseThrow().strip().split(" +")[0]);
  }
}
