package org.perfsim.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.KernelPolicy;

/**
 * Guests never see a PEBS write when the host's precise events exclude guests or the host kernel
 * switches PEBS off on VM entry: every kernel policy, every perf generation, several events.
 */
class GuestIsolationTest {

  static Stream<Arguments> sessions() {
    List<Arguments> all = new ArrayList<>();
    for (KernelPolicy kernel : KernelPolicy.builtIns()) {
      for (PerfGeneration perf : PerfGeneration.values()) {
        for (String event : List.of("cycles:p", "cycles:pp", "cycles:ppH", "instructions:pp", "cycles")) {
          all.add(Arguments.of(kernel, perf, event));
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{1} perf, {2} on {0}")
  @MethodSource("sessions")
  void writesReachGuestsOnlyWhenAPreciseEventCountsInGuestsAndPebsStaysOnAtVmEntry(KernelPolicy kernel,
      PerfGeneration perf, String event) {
    HostSpec host = HostSpec.of("h", CpuModel.IVYBRIDGE, kernel, perf, 2, 4, 1.0);
    SessionResult result = new HostSimulation(host, 11).run(
        List.of("perf", "record", "-e", event, "-a", "--", "sleep", "0.05"), Optional.empty());
    if (result.outcome().isErrno()) {
      assertEquals(0, result.pebsBytesIntoGuests());
      return;
    }
    boolean leaks = result.precisionUsed() > 0 && result.countsGuest() && kernel.pebsLeftEnabledAtVmEntry(CpuModel.IVYBRIDGE);
    assertEquals(leaks, result.pebsBytesIntoGuests() > 0, () -> "bytes into guests: " + result.timeline());
    assertEquals(leaks, result.outcome() == Outcome.GUESTS_CRASHED, result.outcome().word());
    if (!leaks) {
      assertEquals(0, result.guestsHit());
    }
  }
}
