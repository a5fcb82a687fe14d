package org.perfsim.groundtruth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perfsim.cpu.CpuModel;
import org.perfsim.cpu.Vendor;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.Capabilities;
import org.perfsim.kernel.KernelPolicy;
import org.perfsim.session.HostSimulation;
import org.perfsim.session.HostSpec;
import org.perfsim.session.SessionResult;

/**
 * The installed perf 6.1 run without capabilities against this machine's own perf_event_paranoid (read, never
 * changed), and perfsim's 6.1 on a host at the same level with a caller of no capability: the same EACCES
 * fallback note, and the same permission advice when a CPU-wide event is refused. The machine's own PMU may
 * differ on the way (this AMD VM answers the CPU-wide {@code cycles:u} retry with ENOENT and perf tries
 * cpu-clock first), so only perf's last error text is compared.
 */
class PerfParanoidGroundTruthTest {
  private static int paranoid;

  @BeforeAll
  static void readTheMachinesLevel() throws IOException {
    InstalledPerf.assumeAvailable();
    paranoid = Integer.parseInt(Files.readString(Path.of("/proc/sys/kernel/perf_event_paranoid")).trim());
    Assumptions.assumeTrue(paranoid >= 2 && paranoid <= 3,
        "perf_event_paranoid " + paranoid + ": an unprivileged perf is not refused kernel profiling here");
  }

  private static SessionResult simulated(String... perfArgs) {
    CpuModel cpu = GroundTruthMachine.forcedVendor() == Vendor.AMD ? CpuModel.AMD_ZEN : CpuModel.SKYLAKE;
    HostSpec host = HostSpec.of("ground-truth", cpu, KernelPolicy.MODERN, PerfGeneration.V6_1, 2, 0, 1.0)
        .withPerfEventParanoid(paranoid);
    List<String> argv = new java.util.ArrayList<>(List.of("perf", "record"));
    argv.addAll(List.of(perfArgs));
    argv.addAll(List.of("--", "sleep", "0.01"));
    return new HostSimulation(host, 1).run(argv, Optional.empty(), Capabilities.NONE);
  }

  @Test
  void perfFallsBackToUserOnlyWithTheSameNote() {
    PerfRun real = InstalledPerf.runWithoutCapabilities(List.of("record", "-v", "-e", "cycles", "-o", "/dev/null",
        "--", "true"));
    String note = "kernel.perf_event_paranoid=" + paranoid
        + ", trying to fall back to excluding kernel and hypervisor  samples";
    assertTrue(real.stderr().lines().anyMatch(note::equals), real.stderr());
    assertEquals(note, simulated("-e", "cycles").perfNotes().get(0));
  }

  @Test
  void aRefusedCpuWideEventPrintsTheSameAdvice() {
    PerfRun real = InstalledPerf.runWithoutCapabilities(List.of("record", "-e", "cycles", "-a", "-o", "/dev/null",
        "--", "true"));
    assertNotEquals(0, real.exitCode(), real.stderr());
    String realError = real.stderr().substring(real.stderr().lastIndexOf("Error:\n")).strip();
    assertEquals(realError, simulated("-e", "cycles", "-a").perfMessage().strip());
  }
}
