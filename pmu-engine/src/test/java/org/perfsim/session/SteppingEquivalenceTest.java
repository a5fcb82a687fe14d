package org.perfsim.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.KernelPolicy;
import org.perfsim.vm.GuestMemoryLayout;
import org.perfsim.vm.RebootPolicy;

/**
 * The stepping modes are optimisations only: on random hosts (CPU, kernel policy, perf, pCPUs, guests with
 * their own busy and user shares and reboot policies, the host's user share), commands (record and stat, one
 * or two events, precise or not, frequency or fixed period) and seeds, every mode gives the same result, byte
 * for byte, as the reference that runs every slice through the emulated PMU, and the same perf.data file
 * when one is recorded.
 */
class SteppingEquivalenceTest {

  @Property(tries = 250)
  void everyModeGivesTheSlicedResultAndPerfData(@ForAll("hosts") HostSpec host, @ForAll("commands") List<String> argv,
      @ForAll long seed, @ForAll("perfData") OptionalInt perfData) {
    Host.Finished reference = session(host, argv, seed, SteppingMode.SLICED, perfData);
    Statistics.label("outcome").collect(reference.result().outcome());
    for (SteppingMode mode : SteppingMode.values()) {
      assertEquals(reference, session(host, argv, seed, mode, perfData), mode.name());
    }
  }

  /** The fleet's default host (the safe case): most guest slices are quiet, and still nothing differs. */
  @Test
  void theDefaultModernHostSkipsAndKeepsItsResult() {
    HostSpec host = HostSpec.of("h", CpuModel.IVYBRIDGE, KernelPolicy.MODERN, PerfGeneration.MODERN, 4, 4, 0.9);
    List<String> argv = List.of("perf", "record", "-e", "cycles:pp", "-a", "--", "sleep", "0.5");
    SessionResult sliced = session(host, argv, 2012, SteppingMode.SLICED, OptionalInt.empty()).result();
    RunningSession skipping = started(host, argv, 2012, SteppingMode.SKIP_QUIET_GUEST_SLICES);
    assertEquals(sliced, new HostSimulation(host, 2012).play(skipping));
    assertTrue(sliced.hostSamples() > 0, "the host was sampled");
    // 500 slices on 4 pCPUs, a quarter of them the host's: most guest slices are skipped
    assertTrue(skipping.quietSlicesSkipped() > 1000, "skipped " + skipping.quietSlicesSkipped());
  }

  /** The crash case: every guest panics early, the rest is host slices, counted, and the result is the same. */
  @Test
  void theCrashCaseCountsItsHostSlicesAndKeepsItsResultAndPerfData() {
    HostSpec host = HostSpec.of("h", CpuModel.IVYBRIDGE, KernelPolicy.LEGACY_3_6, PerfGeneration.V3_6, 4, 4, 0.9);
    List<String> argv = List.of("perf", "record", "-e", "cycles:pp", "-a", "--", "sleep", "0.5");
    Host.Finished sliced = session(host, argv, 36, SteppingMode.SLICED, OptionalInt.of(500));
    Host.Finished counted = session(host, argv, 36, SteppingMode.COUNT_HOST_SLICES, OptionalInt.of(500));
    assertEquals(sliced, counted);
    assertEquals(4, sliced.result().panics().size(), "every guest panicked");
    assertTrue(sliced.perfData().orElseThrow().bytes().length > 0);
  }

  private static Host.Finished session(HostSpec spec, List<String> argv, long seed, SteppingMode mode,
      OptionalInt perfData) {
    Host host = new Host(spec, HostSimulation.DEFAULT_STEP_NANOS);
    host.stepping(mode);
    if (perfData.isPresent()) {
      return host.runWithPerfData(argv, Optional.empty(), seed, spec.bootGuests(), perfData.getAsInt());
    }
    return new Host.Finished(host.run(argv, Optional.empty(), seed, spec.bootGuests()), Optional.empty());
  }

  private static RunningSession started(HostSpec host, List<String> argv, long seed, SteppingMode mode) {
    RunningSession running = ((SessionStart.Started) new HostSimulation(host, seed).start(argv, Optional.empty()))
        .session();
    running.stepping(mode);
    return running;
  }

  @Provide
  Arbitrary<HostSpec> hosts() {
    Arbitrary<GuestSpec> guest = Combinators.combine(Arbitraries.doubles().between(0, 1),
        Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(1, 2), reboots())
        .as((busy, user, vcpus, reboot) -> new GuestSpec(0, vcpus, GuestMemoryLayout.linuxGuest(2048), busy, reboot,
            user));
    Arbitrary<List<GuestSpec>> guests = guest.list().ofMaxSize(5).map(list -> {
      List<GuestSpec> numbered = new ArrayList<>();
      for (GuestSpec g : list) {
        numbered.add(new GuestSpec(numbered.size(), g.vcpus(), g.layout(), g.busyShare(), g.reboot(), g.userShare()));
      }
      return numbered;
    });
    return Combinators.combine(Arbitraries.of(CpuModel.values()), Arbitraries.of(KernelPolicy.builtIns()),
        Arbitraries.of(PerfGeneration.values()), Arbitraries.integers().between(1, 4), guests,
        Arbitraries.doubles().between(0, 1))
        .as((cpu, kernel, perf, pcpus, gs, hostUser) -> new HostSpec("h", cpu, kernel, perf, pcpus, gs, hostUser));
  }

  private static Arbitrary<RebootPolicy> reboots() {
    return Arbitraries.oneOf(Arbitraries.just(RebootPolicy.never()),
        Combinators.combine(Arbitraries.longs().between(0, 40), Arbitraries.longs().between(0, 30))
            .as((delayMs, bootMs) -> RebootPolicy.after(delayMs * 1_000_000, bootMs * 1_000_000)));
  }

  @Provide
  Arbitrary<OptionalInt> perfData() {
    return Arbitraries.oneOf(Arbitraries.just(OptionalInt.empty()),
        Arbitraries.integers().between(0, 300).map(OptionalInt::of));
  }

  @Provide
  Arbitrary<List<String>> commands() {
    Arbitrary<String> event = Arbitraries.of("cycles:pp", "cycles:p", "cycles", "cycles:k", "cycles:u",
        "instructions:pp", "cycles:ppH", "cycles:G", "instructions", "instructions:u", "branches");
    Arbitrary<String> events = event.list().ofMinSize(1).ofMaxSize(2).map(list -> String.join(",", list));
    Arbitrary<String> sleep = Arbitraries.of("0.003", "0.02", "0.1", "0.25");
    Arbitrary<List<String>> period = Arbitraries.oneOf(Arbitraries.just(List.of()),
        Arbitraries.of(10_007L, 200_000L, 750_000L, 3_000_000L).map(c -> List.of("-c", Long.toString(c))));
    Arbitrary<String> verb = Arbitraries.of("record", "stat");
    return Combinators.combine(verb, events, sleep, Arbitraries.of(true, false), period)
        .as((v, e, s, allCpus, c) -> {
          List<String> argv = new ArrayList<>(List.of("perf", v, "-e", e));
          argv.addAll(v.equals("record") ? c : List.of());
          argv.addAll(allCpus ? List.of("-a") : List.of("-C", "0"));
          argv.addAll(List.of("--", "sleep", s));
          return argv;
        });
  }
}
