package org.perfsim.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.KernelPolicy;
import org.perfsim.pmu.GuestPhysicalWrite;
import org.perfsim.vm.Guest;
import org.perfsim.vm.GuestDamage;
import org.perfsim.vm.GuestState;

/** One host's life over several sessions: its clock, its guests' state, their damage, a cancel. */
class HostTest {
  private static final long STEP = HostSimulation.DEFAULT_STEP_NANOS;
  /** The 2012 setup: every busy guest panics within a second of {@code cycles:p -ag}. */
  private static final HostSpec LEGACY = HostSpec.of("host-t", CpuModel.IVYBRIDGE, KernelPolicy.LEGACY_3_6,
      PerfGeneration.V3_6, 4, 4, 1.0);
  private static final HostSpec MODERN = HostSpec.of("host-m", CpuModel.IVYBRIDGE, KernelPolicy.MODERN,
      PerfGeneration.MODERN, 2, 2, 1.0);
  private static final List<String> CRASHING = List.of("perf", "record", "-e", "cycles:p", "-ag", "--", "sleep",
      "1");

  private static List<String> cyclesFor(String seconds) {
    return List.of("perf", "record", "-e", "cycles", "-a", "--", "sleep", seconds);
  }

  @Test
  void theClockRoundsUpToTheNextSliceBetweenSessionsAndTheNextSessionStartsThere() {
    Host host = new Host(MODERN, STEP);
    List<Guest> guests = MODERN.bootGuests();

    SessionResult first = host.run(cyclesFor("0.0105"), Optional.empty(), 1, guests);
    assertEquals(11_000_000L, host.clockNanos(), "10.5 ms of perf, the next slice boundary after it");
    SessionResult second = host.run(cyclesFor("0.0105"), Optional.empty(), 1, guests);

    assertEquals(Outcome.OK, first.outcome());
    assertEquals(Outcome.OK, second.outcome(), "a session can start on the rounded clock");
    assertEquals(22_000_000L, host.clockNanos());
    assertEquals(0L, new Host(MODERN, STEP).clockNanos());
  }

  @Test
  void guestsThatPanickedStayDownForTheNextSessionAndEachPanicIsCountedOnce() {
    Host host = new Host(LEGACY, STEP);
    List<Guest> guests = LEGACY.bootGuests();

    SessionResult first = host.run(CRASHING, Optional.empty(), 1, guests);
    SessionResult second = host.run(CRASHING, Optional.empty(), 2, guests);

    assertEquals(Outcome.GUESTS_CRASHED, first.outcome());
    assertEquals(4, first.panics().size());
    assertEquals(Outcome.NO_GUESTS_RUNNING, second.outcome(), "nobody left to crash");
    assertEquals(0, second.totalGuestSamples(), "panicked guests are not scheduled");
    assertEquals(Outcome.GUESTS_CRASHED, new Host(LEGACY, STEP).run(CRASHING, Optional.empty(), 2,
        LEGACY.bootGuests()).outcome(), "the same session on a fresh host crashes its guests");
    assertEquals(2_000_000_000L, host.clockNanos());
    assertEquals(Map.of(0, GuestState.PANICKED, 1, GuestState.PANICKED, 2, GuestState.PANICKED, 3,
        GuestState.PANICKED), host.guestStates());
    for (int g = 0; g < 4; g++) {
      GuestDamage damage = host.damage().get(g);
      assertEquals(1, damage.panics(), "guest " + g + ": " + damage);
      int guest = g;
      assertEquals(first.panics().stream().filter(p -> p.guestId() == guest).findFirst().orElseThrow().reason(),
          damage.lastPanicReason());
    }
  }

  @Test
  void aRebootedGuestRunsAgainWithItsDamageKeptAndProvisioningAgainKeepsOnlyTheClock() {
    Host host = new Host(LEGACY, STEP);
    List<Guest> guests = new ArrayList<>(LEGACY.bootGuests());
    host.run(CRASHING, Optional.empty(), 1, guests);

    host.guestRebooted(0);
    guests.set(0, LEGACY.guests().get(0).boot());
    assertEquals(GuestState.RUNNING, host.guestState(0));
    assertEquals(1, host.damage().get(0).panics(), "a reboot keeps the counts");
    SessionResult again = host.run(CRASHING, Optional.empty(), 2, guests);
    assertEquals(List.of(0), again.panics().stream().map(SessionResult.GuestPanic::guestId).toList());
    assertEquals(2, host.damage().get(0).panics());

    Host reprovisioned = host.reprovisioned(LEGACY);
    assertEquals(host.clockNanos(), reprovisioned.clockNanos(), "the machine's clock runs on");
    assertTrue(reprovisioned.damage().values().stream().allMatch(GuestDamage.NONE::equals));
    assertTrue(reprovisioned.guestStates().values().stream().allMatch(GuestState.RUNNING::equals));
  }

  @Test
  void guestsStoppedBetweenSessionsAreNotScheduledAndTheStopIsNoDamage() {
    Host host = new Host(LEGACY, STEP);
    List<Guest> guests = LEGACY.bootGuests();
    for (Guest guest : guests) {
      host.guestStopped(guest.stop(host.clockNanos(), new ArrayList<>()));
    }

    SessionResult result = host.run(CRASHING, Optional.empty(), 1, guests);

    assertEquals(Outcome.NO_GUESTS_RUNNING, result.outcome());
    assertEquals(0, result.pebsRecordsIntoGuests());
    assertTrue(host.guestStates().values().stream().allMatch(GuestState.STOPPED::equals), host.guestStates()
        .toString());
    assertTrue(host.damage().values().stream().allMatch(GuestDamage.NONE::equals), host.damage().toString());
  }

  @Test
  void aStepIsOverOnlyOnceEveryGuestItNamedHasReported() {
    Host host = new Host(LEGACY, STEP);
    List<Guest> guests = LEGACY.bootGuests();
    assertEquals(Optional.empty(), host.start(CRASHING, Optional.empty(), 1));

    StepWrites writes = host.step();
    while (writes.byGuest().size() < 2) {
      for (var e : writes.byGuest().entrySet()) {
        host.guestReported(guests.get(e.getKey()).apply(e.getValue(), writes.nowNanos(), new ArrayList<>()));
      }
      writes = host.step();
    }
    List<Map.Entry<Integer, List<GuestPhysicalWrite>>> named = List.copyOf(writes.byGuest().entrySet());
    for (int i = 0; i < named.size(); i++) {
      assertTrue(host.awaitingGuests());
      var e = named.get(i);
      boolean over = host.guestReported(guests.get(e.getKey()).apply(e.getValue(), writes.nowNanos(),
          new ArrayList<>()));
      assertEquals(i == named.size() - 1, over, "report " + (i + 1) + " of " + named.size());
    }
    assertFalse(host.awaitingGuests());
    assertThrows(IllegalStateException.class, () -> host.start(CRASHING, Optional.empty(), 2),
        "one session at a time");
    assertThrows(IllegalStateException.class, host::finish, "the session has not run to its end");
  }

  @Test
  void aCancelledSessionEndsWithTheStepUnderWayNotesTheCancelAndTheHostTakesTheNextSession() {
    Host host = new Host(MODERN, STEP);
    List<Guest> guests = MODERN.bootGuests();
    assertEquals(Optional.empty(), host.start(cyclesFor("3600"), Optional.empty(), 1));

    host.cancel();
    StepWrites writes = host.step();
    for (var e : writes.byGuest().entrySet()) {
      host.guestReported(guests.get(e.getKey()).apply(e.getValue(), writes.nowNanos(), new ArrayList<>()));
    }

    assertTrue(host.sessionDone(), "perf stopped after the step under way");
    SessionResult cancelled = host.finish();
    assertTrue(cancelled.perfNotes().contains("perf interrupted: the session was cancelled"),
        cancelled.perfNotes().toString());
    assertEquals(STEP, host.clockNanos(), "the hour-long session stopped after one step");
    assertFalse(host.sessionRunning());
    assertEquals(Outcome.OK, host.run(cyclesFor("0.1"), Optional.empty(), 2, guests).outcome());
    assertEquals(STEP + 100_000_000L, host.clockNanos());
  }

  @Test
  void aSessionPerfRefusesLeavesTheHostAsItWas() {
    Host host = new Host(LEGACY, STEP);

    Optional<SessionResult> refused = host.start(List.of("perf", "record", "-e", "cycles:pppp", "-a", "--",
        "sleep", "1"), Optional.empty(), 1);

    assertTrue(refused.isPresent());
    assertEquals(129, refused.get().exitStatus());
    assertFalse(host.sessionRunning());
    assertEquals(0L, host.clockNanos());
    host.cancel(); // nothing to cancel between sessions
    assertFalse(host.sessionRunning());
  }
}
