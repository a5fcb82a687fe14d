package org.perfsim.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.KernelPolicy;
import org.perfsim.vm.Guest;
import org.perfsim.vm.GuestMemoryLayout;
import org.perfsim.vm.GuestState;
import org.perfsim.vm.RebootPolicy;

/**
 * A host rebuilt from its snapshot is the host it was: on random hosts (CPU, kernel policy, perf, guests, their
 * busy share and reboot policy), after a random first session, the next session on the rebuilt host gives the
 * same result byte for byte as on the original, and leaves both hosts with equal snapshots.
 */
class HostSnapshotPropertyTest {
  private static final long STEP = HostSimulation.DEFAULT_STEP_NANOS;

  @Property(tries = 80)
  void aRebuiltHostPlaysTheNextSessionAsTheOriginal(@ForAll("cpus") CpuModel cpu,
      @ForAll("policies") KernelPolicy kernel, @ForAll PerfGeneration perf, @ForAll @IntRange(min = 1, max = 3) int pcpus,
      @ForAll @IntRange(min = 1, max = 4) int guests, @ForAll @DoubleRange(min = 0, max = 1) double busyShare,
      @ForAll("reboots") RebootPolicy reboot, @ForAll("commands") List<String> first,
      @ForAll("commands") List<String> next, @ForAll long seed) {
    HostSpec spec = new HostSpec("h", cpu, kernel, perf, pcpus, IntStream.range(0, guests)
        .mapToObj(g -> new GuestSpec(g, 1, GuestMemoryLayout.linuxGuest(2048), busyShare, reboot)).toList());
    Host original = new Host(spec, STEP);
    List<Guest> originalGuests = spec.bootGuests();
    original.run(first, Optional.empty(), seed, originalGuests);

    HostSnapshot snapshot = snapshotOf(original, originalGuests);
    Host rebuilt = Host.restored(spec, STEP, snapshot);
    List<Guest> rebuiltGuests = spec.guests().stream().map(snapshot::guest).toList();
    assertEquals(snapshot, snapshotOf(rebuilt, rebuiltGuests), "the rebuilt host at rest");

    assertEquals(original.run(next, Optional.empty(), seed + 1, originalGuests),
        rebuilt.run(next, Optional.empty(), seed + 1, rebuiltGuests));
    assertEquals(snapshotOf(original, originalGuests), snapshotOf(rebuilt, rebuiltGuests));
  }

  /** The 2012 setup panics every guest; the rebuilt host keeps them down, counts them, and its clock. */
  @Test
  void panickedGuestsStayDownOnTheRebuiltHostWithTheirDamageAndClock() {
    HostSpec legacy = HostSpec.of("host-t", CpuModel.IVYBRIDGE, KernelPolicy.LEGACY_3_6, PerfGeneration.V3_6, 4, 4,
        1.0);
    Host host = new Host(legacy, STEP);
    List<Guest> guests = legacy.bootGuests();
    SessionResult crashed = host.run(List.of("perf", "record", "-e", "cycles:p", "-ag", "--", "sleep", "1"),
        Optional.empty(), 1, guests);
    assertEquals(Outcome.GUESTS_CRASHED, crashed.outcome());

    HostSnapshot snapshot = snapshotOf(host, guests);
    Host rebuilt = Host.restored(legacy, STEP, snapshot);
    assertEquals(host.clockNanos(), rebuilt.clockNanos());
    assertEquals(host.guestStates(), rebuilt.guestStates());
    assertTrue(rebuilt.guestStates().values().stream().allMatch(s -> s == GuestState.PANICKED));
    assertEquals(host.damage(), rebuilt.damage());
    assertNotEquals(Host.restored(legacy, STEP, HostSnapshot.PROVISIONED).damage(), rebuilt.damage(),
        "a fresh host has no damage");
    SessionResult next = rebuilt.run(List.of("perf", "record", "-e", "cycles:p", "-ag", "--", "sleep", "1"),
        Optional.empty(), 2, legacy.guests().stream().map(snapshot::guest).toList());
    assertEquals(Outcome.NO_GUESTS_RUNNING, next.outcome(), "nobody left to crash");
    assertEquals(0, next.totalGuestSamples(), "panicked guests are not scheduled");
  }

  private static HostSnapshot snapshotOf(Host host, List<Guest> guests) {
    guests.forEach(g -> host.guestSaved(g.snapshot()));
    return host.snapshot();
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
  Arbitrary<RebootPolicy> reboots() {
    // delays shorter than a session, so guests are caught mid-reboot at a snapshot
    return Arbitraries.of(RebootPolicy.never(), RebootPolicy.after(30_000_000L, 40_000_000L),
        RebootPolicy.after(5_000_000L, 200_000_000L));
  }

  @Provide
  Arbitrary<List<String>> commands() {
    Arbitrary<String> event = Arbitraries.of("cycles:pp", "cycles:p", "cycles", "cycles:u", "instructions:pp",
        "cycles:ppH", "cycles:G");
    Arbitrary<String> sleep = Arbitraries.of("0.02", "0.1", "0.25");
    Arbitrary<String> verb = Arbitraries.of("record", "stat");
    return Combinators.combine(verb, event, sleep).as((v, e, s) -> List.of("perf", v, "-e", e, "-a", "--", "sleep", s));
  }
}
