package org.perfsim.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.KernelPolicy;
import org.perfsim.vm.GuestMemoryLayout;
import org.perfsim.vm.RebootPolicy;

/**
 * Host tasks and guest vCPUs spend their configured share of busy time in user mode, and exclude_user /
 * exclude_kernel (EVTSEL.USR/OS) decide what counts: {@code cycles:u} samples a busy host, the u/k split
 * follows the share, {@code cycles:ppu} from the 2012 perf crashes guests of a 2012 kernel through guest
 * user mode alone.
 */
class UserModeSessionTest {

  private static final double TOLERANCE = 0.02;

  private static HostSpec host(KernelPolicy kernel, double hostUserShare, double guestUserShare) {
    List<GuestSpec> guests = IntStream.range(0, 4).mapToObj(g -> new GuestSpec(g, 1,
        GuestMemoryLayout.linuxGuest(2048), 1.0, RebootPolicy.never(), guestUserShare)).toList();
    return new HostSpec("h", CpuModel.IVYBRIDGE, kernel, PerfGeneration.V6_1, 4, guests, hostUserShare);
  }

  private static SessionResult record(HostSpec host, PerfGeneration perf, String event, long seed) {
    return new HostSimulation(host, seed).run(List.of("perf", "record", "-e", event, "-a", "--", "sleep", "1"),
        Optional.of(perf));
  }

  @Test
  void cyclesUOnABusyHostHasSamplesAllOfThemInHostUserMode() {
    SessionResult result = record(host(KernelPolicy.MODERN, UserShare.HOST_DEFAULT, UserShare.GUEST_DEFAULT),
        PerfGeneration.V6_1, "cycles:u", 2012);

    assertTrue(result.hostSamples() > 0, () -> "host samples " + result.hostSamples());
    assertEquals(new ModeSamples(result.hostSamples(), 0, 0, 0), result.samplesByMode(),
        "perf 6.1's u also sets exclude_guest: host user mode only");
  }

  @ParameterizedTest(name = "host user share {0}, seed {1}")
  @CsvSource({"0.1, 1", "0.5, 2", "0.9, 3"})
  void userAndKernelSamplesSplitAsTheHostTasksConfiguredShare(double share, long seed) {
    HostSpec host = host(KernelPolicy.MODERN, share, UserShare.GUEST_DEFAULT);
    long user = record(host, PerfGeneration.V6_1, "cycles:uH", seed).hostSamples();
    long kernel = record(host, PerfGeneration.V6_1, "cycles:kH", seed).hostSamples();

    double measured = (double) user / (user + kernel);
    assertEquals(share, measured, TOLERANCE, () -> "cycles:u " + user + ", cycles:k " + kernel);
  }

  @ParameterizedTest(name = "host {0}, guests {1}")
  @CsvSource({"0.1, 0.8", "0.6, 0.3"})
  void oneEventCountingEveryModeSplitsItsSamplesByEachContextsShare(double hostShare, double guestShare) {
    // perf 3.6's cycles:uk counts host and guest, user and kernel: the sample's mode is where it was taken
    SessionResult result = record(host(KernelPolicy.LEGACY_3_6, hostShare, guestShare), PerfGeneration.V3_6,
        "cycles:uk", 5);
    ModeSamples modes = result.samplesByMode();

    assertEquals(result.hostSamples(), modes.host());
    assertEquals(result.totalGuestSamples(), modes.guest());
    assertEquals(hostShare, (double) modes.hostUser() / modes.host(), TOLERANCE, modes::toString);
    assertEquals(guestShare, (double) modes.guestUser() / modes.guest(), TOLERANCE, modes::toString);
  }

  @Test
  void anEventCountingUserModeEverywhereGivesEachContextItsShareOfTheUserCycles() {
    // perf 3.7's cycles:u keeps exclude_guest 0: host user (0.1 of 1/4 of the time) and guest user mode
    // (0.8 of 3/4) both count, so 1 in 25 user cycles, and about as many samples, are the host's
    SessionResult result = record(host(KernelPolicy.LEGACY_3_6, 0.1, 0.8), PerfGeneration.V3_7, "cycles:u", 4);
    ModeSamples modes = result.samplesByMode();

    assertEquals(0, modes.hostKernel() + modes.guestKernel());
    assertEquals(1 / 25.0, (double) modes.hostUser() / (modes.host() + modes.guest()), 0.005, modes::toString);
  }

  @Test
  void theSplitRepeatsExactlyUnderTheSameSeed() {
    HostSpec host = host(KernelPolicy.LEGACY_3_6, 0.3, 0.7);
    assertEquals(record(host, PerfGeneration.V3_6, "cycles:uk", 9),
        record(host, PerfGeneration.V3_6, "cycles:uk", 9));
  }

  @Test
  void cyclesPpuFromPerf36CrashesGuestsOfKernel36ThroughGuestUserModeButNotUnderPerf61() {
    HostSpec host = host(KernelPolicy.LEGACY_3_6, UserShare.HOST_DEFAULT, UserShare.GUEST_DEFAULT);
    SessionResult old = record(host, PerfGeneration.V3_6, "cycles:ppu", 2012);
    SessionResult current = record(host, PerfGeneration.V6_1, "cycles:ppu", 2012);

    assertEquals(Outcome.GUESTS_CRASHED, old.outcome(), () -> old.timeline().toString());
    assertEquals(4, old.panics().size());
    assertTrue(old.pebsBytesIntoGuests() > 0);
    assertEquals(Outcome.OK_HOST_ONLY, current.outcome(), "perf 6.1 sets exclude_guest for u and p");
    assertEquals(0, current.pebsBytesIntoGuests());
  }

  @Test
  void cyclesPpuCannotReachGuestsThatNeverRunInUserMode() {
    SessionResult result = record(host(KernelPolicy.LEGACY_3_6, UserShare.HOST_DEFAULT, 0.0), PerfGeneration.V3_6,
        "cycles:ppu", 2012);

    assertEquals(0, result.pebsBytesIntoGuests(), "EVTSEL.OS is clear, and the guests never leave ring 0");
    assertEquals(0, result.panics().size());
  }

  @Test
  void excludingUserAndKernelCountsNothingAnywhere() {
    // cycles:h sets exclude_user and exclude_kernel; x86 has no EVTSEL bit for exclude_hv
    SessionResult result = record(host(KernelPolicy.LEGACY_3_6, 0.5, 0.5), PerfGeneration.V3_6, "cycles:h", 2012);

    assertEquals(0, result.hostSamples());
    assertEquals(0, result.totalGuestSamples());
    assertEquals(ModeSamples.NONE, result.samplesByMode());
  }
}
