package org.perfsim.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.perfsim.guest.GuestProfile;
import org.perfsim.kernel.KernelPolicy;
import org.perfsim.session.HostSimulation;
import org.perfsim.session.HostSnapshot;
import org.perfsim.session.MatrixCase;
import org.perfsim.session.MatrixRunner;
import org.perfsim.session.Outcome;
import org.perfsim.session.SeedCases;
import org.perfsim.session.SessionResult;
import org.perfsim.vm.GuestState;
import org.perfsim.vm.RebootPolicy;

class HostEntityTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Duration STEP = Duration.ofNanos(HostSimulation.DEFAULT_STEP_NANOS);
  private static final long SEED = 2012L;
  private static final MatrixRunner MATRIX = new MatrixRunner(KernelPolicy.LEGACY_3_6, SEED);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static int hosts;

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  private static HostProfile profile(String hostId, int guests) {
    return FleetConfig.load().hostProfiles().get(0).withKernel("3.6").withGuests(hostId, guests);
  }

  /** A host actor provisioned as {@code profile}, ready for sessions. */
  private static ActorRef<HostEntity.Command> provisioned(HostProfile profile) {
    ActorRef<HostEntity.Command> host = testKit.spawn(HostEntity.create(profile.hostId(), STEP),
        profile.hostId() + "-" + hosts++);
    TestProbe<HostEntity.Provisioned> probe = testKit.createTestProbe();
    host.tell(new HostEntity.Provision(profile, probe.ref()));
    probe.receiveMessage(TIMEOUT);
    return host;
  }

  private static SessionResult session(ActorRef<HostEntity.Command> host, List<String> argv,
      Optional<String> perf, long seed) {
    TestProbe<HostEntity.SessionFinished> probe = testKit.createTestProbe();
    host.tell(new HostEntity.StartSession(argv, perf, seed, probe.ref()));
    return probe.receiveMessage(TIMEOUT).result();
  }

  static Stream<SeedCases.SeedCase> seedCases() {
    return SeedCases.all().stream();
  }

  /** The reference's seed table through host and guest actors: the very session the matrix verb runs. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("seedCases")
  void everySeedCellPlaysOutThroughTheActorsExactlyAsInTheMatrix(SeedCases.SeedCase seed) {
    MatrixCase cell = seed.matrixCase();
    HostProfile profile = new HostProfile("seed-host", cell.cpu().id(), cell.kernel().id(), cell.perf().id(),
        MatrixCase.PCPUS, cell.guests(), GuestProfile.linux(1, cell.idleGuests() ? 0.0 : 1.0, RebootPolicy.never()));

    SessionResult viaActors = session(provisioned(profile), cell.commandLine(), Optional.empty(), SEED);

    assertEquals(seed.expected(), viaActors.outcome());
    assertEquals(MATRIX.row(cell).outcome(), viaActors.outcome());
    assertEquals(MATRIX.session(cell).withHostId("seed-host"), viaActors);
  }

  @Test
  void provisionedHostReportsItsGuestsAndTheNodeItLivesOn() {
    TestProbe<HostEntity.Provisioned> probe = testKit.createTestProbe();
    ActorRef<HostEntity.Command> host = testKit.spawn(HostEntity.create("host-9", STEP));

    host.tell(new HostEntity.Provision(profile("host-9", 3), probe.ref()));

    HostEntity.Provisioned provisioned = probe.receiveMessage();
    assertEquals("host-9", provisioned.hostId());
    assertEquals(3, provisioned.guests());
    assertTrue(provisioned.nodeAddress().startsWith("pekko://"), provisioned.nodeAddress());
  }

  /**
   * A host moved to another node is provisioned there from its last snapshot: it describes as the original,
   * and the next session plays on it as on the original, leaving an equal snapshot.
   */
  @Test
  void aHostProvisionedFromItsSnapshotIsTheHostItWas() {
    GuestProfile rebooting = GuestProfile.linux(1, 1.0, RebootPolicy.after(100_000_000L, 50_000_000L));
    HostProfile profile = new HostProfile("host-moved", "ivybridge", "3.6", "3.6", 2, 3, rebooting);
    ActorRef<HostEntity.Command> original = provisioned(profile);
    List<String> crashing = List.of("perf", "record", "-e", "cycles:p", "-ag", "--", "sleep", "0.33");
    TestProbe<HostEntity.SessionFinished> finished = testKit.createTestProbe();
    original.tell(new HostEntity.StartSession(crashing, Optional.empty(), 1, finished.ref()));
    HostSnapshot atRest = finished.receiveMessage(TIMEOUT).snapshot().orElseThrow();
    assertTrue(atRest.damage().values().stream().anyMatch(d -> d.panics() > 0), atRest.damage().toString());

    ActorRef<HostEntity.Command> moved = testKit.spawn(HostEntity.create(profile.hostId(), STEP), "host-moved-to");
    TestProbe<HostEntity.Provisioned> up = testKit.createTestProbe();
    moved.tell(new HostEntity.Provision(profile, Optional.of(atRest), up.ref()));
    assertEquals(atRest, up.receiveMessage(TIMEOUT).snapshot());
    TestProbe<HostEntity.Description> describe = testKit.createTestProbe();
    original.tell(new HostEntity.Describe(describe.ref()));
    moved.tell(new HostEntity.Describe(describe.ref()));
    HostEntity.Description was = describe.receiveMessage(TIMEOUT);
    HostEntity.Description now = describe.receiveMessage(TIMEOUT);
    assertEquals(List.of(was.clockNanos(), was.guests(), was.damage()), List.of(now.clockNanos(), now.guests(),
        now.damage()));

    original.tell(new HostEntity.StartSession(crashing, Optional.empty(), 2, finished.ref()));
    HostEntity.SessionFinished onOriginal = finished.receiveMessage(TIMEOUT);
    moved.tell(new HostEntity.StartSession(crashing, Optional.empty(), 2, finished.ref()));
    HostEntity.SessionFinished onMoved = finished.receiveMessage(TIMEOUT);
    assertEquals(onOriginal.result(), onMoved.result());
    assertEquals(onOriginal.snapshot(), onMoved.snapshot());
  }

  @Test
  void provisioningAgainReplacesTheGuests() {
    ActorRef<HostEntity.Command> host = testKit.spawn(HostEntity.create("host-8", STEP));
    TestProbe<HostEntity.Provisioned> probe = testKit.createTestProbe();

    host.tell(new HostEntity.Provision(profile("host-8", 5), probe.ref()));
    host.tell(new HostEntity.Provision(profile("host-8", 2), probe.ref()));

    assertEquals(5, probe.receiveMessage().guests());
    assertEquals(2, probe.receiveMessage().guests());
  }

  @Test
  void guestsThatPanickedStayDownForTheNextSessionAndTheHostClockRunsOn() {
    ActorRef<HostEntity.Command> host = provisioned(profile("host-7", 4));
    List<String> seedCommand = List.of("perf", "record", "-e", "cycles:p", "-ag", "--", "sleep", "1");

    SessionResult first = session(host, seedCommand, Optional.empty(), 1);
    SessionResult second = session(host, seedCommand, Optional.empty(), 2);

    assertEquals(Outcome.GUESTS_CRASHED, first.outcome());
    assertEquals(4, first.panics().size());
    assertEquals(0, second.panics().size(), "nobody left to crash");
    assertEquals(Outcome.NO_GUESTS_RUNNING, second.outcome(), "not ok: no guest was there to be hit");
    assertEquals(0, second.totalGuestSamples(), "panicked guests are not scheduled");
    TestProbe<HostEntity.Description> describe = testKit.createTestProbe();
    host.tell(new HostEntity.Describe(describe.ref()));
    HostEntity.Description now = describe.receiveMessage();
    assertEquals(2_000_000_000L, now.clockNanos());
    assertTrue(now.guests().values().stream().allMatch(s -> s == GuestState.PANICKED), now.guests().toString());
  }

  @Test
  void guestsWithARebootPolicyComeBackWithinTheSessionAndCrashAgain() {
    GuestProfile rebooting = GuestProfile.linux(1, 1.0, RebootPolicy.after(100_000_000L, 50_000_000L));
    HostProfile profile = new HostProfile("host-4", "ivybridge", "3.6", "3.6", 2, 2, rebooting);

    SessionResult result = session(provisioned(profile), List.of("perf", "record", "-e", "cycles:p", "-ag", "--",
        "sleep", "1"), Optional.empty(), 3);

    assertTrue(result.panics().size() > 2, "each guest panicked more than once: " + result.panics());
    assertTrue(result.timeline().stream().anyMatch(e -> e.what().contains("rebooted")), result.timeline().toString());
    long firstOfGuest0 = result.panics().stream().filter(p -> p.guestId() == 0).mapToLong(p -> p.atNanos()).min()
        .orElseThrow();
    long secondOfGuest0 = result.panics().stream().filter(p -> p.guestId() == 0).mapToLong(p -> p.atNanos())
        .filter(t -> t > firstOfGuest0).min().orElseThrow();
    assertTrue(secondOfGuest0 >= firstOfGuest0 + 150_000_000L, "down for the delay and the boot time");
  }

  @Test
  void aModernPerfOverrideCrashesGuestsOnThe36KernelAndABadEventIsPerfsOwnError() {
    ActorRef<HostEntity.Command> host = provisioned(profile("host-6", 4));

    SessionResult modern = session(host, List.of("perf", "record", "-e", "cycles:pp", "-a", "--", "sleep", "0.2"),
        Optional.of("modern"), 5);
    SessionResult bad = session(host, List.of("perf", "record", "-e", "cycles:pppp", "-a", "--", "sleep", "1"),
        Optional.empty(), 5);
    SessionResult unknown = session(host, List.of("perf", "record", "-a"), Optional.of("2.6"), 5);

    assertEquals(Outcome.GUESTS_CRASHED, modern.outcome());
    // the host's installed perf is the 2012 binary (reference.conf): its own wording, not 6.1's caret
    assertTrue(bad.perfMessage().startsWith("invalid or unsupported event: 'cycles:pppp'"), bad.perfMessage());
    assertEquals(129, bad.exitStatus());
    assertTrue(unknown.perfMessage().contains("unknown perf version '2.6'"), unknown.perfMessage());
  }

  @Test
  void theSameSeedGivesTheSameResultAndTimelineOnAFreshHost() {
    List<String> argv = List.of("perf", "record", "-e", "cycles:p", "-ag", "--", "sleep", "0.5");
    SessionResult a = session(provisioned(profile("host-5", 4)), argv, Optional.empty(), 99);
    SessionResult b = session(provisioned(profile("host-5", 4)), argv, Optional.empty(), 99);

    assertEquals(a, b);
    assertTrue(a.timeline().size() > 4, a.timeline().toString());
  }

  @Test
  void aCancelledSessionEndsEarlyWithWhatItHadAndSaysItWasCancelled() {
    ActorRef<HostEntity.Command> host = provisioned(profile("host-4", 4).withKernel("modern"));
    TestProbe<HostEntity.SessionFinished> probe = testKit.createTestProbe();

    host.tell(new HostEntity.StartSession(List.of("perf", "record", "-e", "cycles", "-a", "--", "sleep", "3600"),
        Optional.empty(), 1, probe.ref()));
    host.tell(new HostEntity.CancelSession());

    SessionResult cancelled = probe.receiveMessage(TIMEOUT).result();
    assertTrue(cancelled.perfNotes().contains("perf interrupted: the session was cancelled"),
        cancelled.perfNotes().toString());
    TestProbe<HostEntity.Description> describe = testKit.createTestProbe();
    host.tell(new HostEntity.Describe(describe.ref()));
    assertTrue(describe.receiveMessage().clockNanos() < 3_600_000_000_000L, "the hour-long session stopped early");
  }

  @Test
  void panicsAreCountedPerGuestAndSurviveARebootThatBringsTheGuestBack() {
    ActorRef<HostEntity.Command> host = provisioned(profile("host-3", 2));
    session(host, List.of("perf", "record", "-e", "cycles:p", "-ag", "--", "sleep", "1"), Optional.empty(), 1);
    TestProbe<HostEntity.GuestChanged> changed = testKit.createTestProbe();
    TestProbe<HostEntity.Description> describe = testKit.createTestProbe();

    host.tell(new HostEntity.RebootGuest(0, changed.ref()));
    assertEquals(Optional.of(GuestState.RUNNING), changed.receiveMessage().state());
    host.tell(new HostEntity.StopGuest(1, changed.ref()));
    assertEquals(Optional.of(GuestState.STOPPED), changed.receiveMessage().state());
    host.tell(new HostEntity.StopGuest(2, changed.ref()));
    assertEquals(Optional.empty(), changed.receiveMessage().state(), "the host has no guest 2");

    host.tell(new HostEntity.Describe(describe.ref()));
    HostEntity.Description now = describe.receiveMessage();
    assertEquals(GuestState.RUNNING, now.guests().get(0));
    assertEquals(GuestState.STOPPED, now.guests().get(1));
    assertEquals(1, now.damage().get(0).panics(), now.damage().toString());
    assertTrue(!now.damage().get(0).lastPanicReason().isEmpty());
  }

  @Test
  void aHostWhoseGuestsAreAllStoppedIsNotOkAndOneRebootedGuestIsHitAgain() {
    ActorRef<HostEntity.Command> host = provisioned(profile("host-2", 2));
    List<String> crashing = List.of("perf", "record", "-e", "cycles:pp", "-ag", "--", "sleep", "1");
    TestProbe<HostEntity.GuestChanged> changed = testKit.createTestProbe();
    host.tell(new HostEntity.StopGuest(0, changed.ref()));
    changed.receiveMessage();
    host.tell(new HostEntity.StopGuest(1, changed.ref()));
    changed.receiveMessage();

    SessionResult allStopped = session(host, crashing, Optional.of("3.6"), 1);
    host.tell(new HostEntity.RebootGuest(1, changed.ref()));
    changed.receiveMessage();
    SessionResult oneBack = session(host, crashing, Optional.of("3.6"), 2);

    assertEquals(Outcome.NO_GUESTS_RUNNING, allStopped.outcome());
    assertEquals(0, allStopped.pebsRecordsIntoGuests());
    assertTrue(allStopped.explanation().reason().contains("every guest of the host was down"),
        allStopped.explanation().reason());
    assertEquals(Outcome.GUESTS_CRASHED, oneBack.outcome());
    assertTrue(oneBack.pebsRecordsIntoGuests() > 0);
    assertEquals(0, oneBack.totalGuestSamples(), "PEBS records written into the guest are not perf's samples");
  }
}
