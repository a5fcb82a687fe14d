package org.perfsim.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.KernelPolicy;

/**
 * Skipping quiet guest slices is an optimisation only: on random hosts (CPU, kernel policy, perf, pCPUs,
 * guests and their busy share), commands and seeds, a session gives the same result, byte for byte, as the
 * reference that runs every slice through the emulated PMU.
 */
class SteppingEquivalenceTest {

  @Property(tries = 200)
  void skippingQuietGuestSlicesGivesTheSlicedResult(@ForAll("cpus") CpuModel cpu,
      @ForAll("policies") KernelPolicy kernel, @ForAll PerfGeneration perf, @ForAll @IntRange(min = 1, max = 4) int pcpus,
      @ForAll @IntRange(min = 0, max = 5) int guests, @ForAll @DoubleRange(min = 0, max = 1) double busyShare,
      @ForAll("commands") List<String> argv, @ForAll long seed) {
    HostSpec host = HostSpec.of("h", cpu, kernel, perf, pcpus, guests, busyShare);
    assertEquals(session(host, argv, seed, SteppingMode.SLICED), session(host, argv, seed,
        SteppingMode.SKIP_QUIET_GUEST_SLICES));
  }

  /** The fleet's default host (the safe case): most guest slices are quiet, and still nothing differs. */
  @Test
  void theDefaultModernHostSkipsAndKeepsItsResult() {
    HostSpec host = HostSpec.of("h", CpuModel.IVYBRIDGE, KernelPolicy.MODERN, PerfGeneration.MODERN, 4, 4, 0.9);
    List<String> argv = List.of("perf", "record", "-e", "cycles:pp", "-a", "--", "sleep", "0.5");
    SessionResult sliced = session(host, argv, 2012, SteppingMode.SLICED);
    RunningSession skipping = started(host, argv, 2012, SteppingMode.SKIP_QUIET_GUEST_SLICES);
    assertEquals(sliced, new HostSimulation(host, 2012).play(skipping));
    assertTrue(sliced.hostSamples() > 0, "the host was sampled");
    // 500 slices on 4 pCPUs, a quarter of them the host's: most guest slices are skipped
    assertTrue(skipping.quietSlicesSkipped() > 1000, "skipped " + skipping.quietSlicesSkipped());
  }

  private static SessionResult session(HostSpec host, List<String> argv, long seed, SteppingMode mode) {
    SessionStart start = new HostSimulation(host, seed).start(argv, Optional.empty());
    if (start instanceof SessionStart.Refused refused) {
      return refused.result();
    }
    RunningSession running = ((SessionStart.Started) start).session();
    running.stepping(mode);
    return new HostSimulation(host, seed).play(running);
  }

  private static RunningSession started(HostSpec host, List<String> argv, long seed, SteppingMode mode) {
    RunningSession running = ((SessionStart.Started) new HostSimulation(host, seed).start(argv, Optional.empty()))
        .session();
    running.stepping(mode);
    return running;
  }

  @Provide
  Arbitrary<CpuModel> cpus() {
    return Arbitraries.of(CpuModel.values());
  }

  @Provide
  Arbitrary<KernelPolicy> policies() {
    return Arbitraries.of(KernelPolicy.builtIns());
  }

  @Provide
  Arbitrary<List<String>> commands() {
    Arbitrary<String> event = Arbitraries.of("cycles:pp", "cycles:p", "cycles", "cycles:k", "cycles:u",
        "instructions:pp", "cycles:ppH", "cycles:G", "instructions");
    Arbitrary<String> sleep = Arbitraries.of("0.02", "0.1", "0.25");
    Arbitrary<String> verb = Arbitraries.of("record", "stat");
    return net.jqwik.api.Combinators.combine(verb, event, sleep, Arbitraries.of(true, false))
        .as((v, e, s, allCpus) -> allCpus ? List.of("perf", v, "-e", e, "-a", "--", "sleep", s)
            : List.of("perf", v, "-e", e, "-C", "0", "--", "sleep", s));
  }
}
