package org.perfsim.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuestLifecycleTest {

  private static final long MS = 1_000_000L;
  private final List<GuestEvent> events = new ArrayList<>();

  @Test
  void panickedGuestWithoutRebootPolicyStaysDownForever() {
    GuestLifecycle guest = new GuestLifecycle(3, RebootPolicy.never());
    guest.panic(120 * MS, PanicCause.KERNEL_TEXT, "kernel text hit", events);

    assertFalse(guest.advanceTo(Long.MAX_VALUE - 1, events));
    assertEquals(GuestState.PANICKED, guest.state());
    assertEquals(GuestLifecycle.NEVER, guest.nextChangeAtNanos());
    assertEquals(List.of(new GuestEvent(120 * MS, 3, GuestEvent.Kind.PANICKED, "kernel text hit",
        PanicCause.KERNEL_TEXT)), events);
  }

  @Test
  void rebootPolicyBringsGuestBackAtTheSimulatedTimesItNames() {
    GuestLifecycle guest = new GuestLifecycle(1, RebootPolicy.after(500 * MS, 200 * MS));
    guest.panic(100 * MS, PanicCause.PAGE_TABLES, "page tables hit", events);

    assertFalse(guest.advanceTo(599 * MS, events));
    assertEquals(GuestState.PANICKED, guest.state());
    assertFalse(guest.advanceTo(600 * MS, events));
    assertEquals(GuestState.REBOOTING, guest.state());
    assertFalse(guest.state().vcpusRun());
    assertTrue(guest.advanceTo(800 * MS, events));
    assertEquals(GuestState.RUNNING, guest.state());
    assertEquals(List.of(100 * MS, 600 * MS, 800 * MS), events.stream().map(GuestEvent::atNanos).toList());
  }

  @Test
  void oneLongClockJumpPassesThroughEveryRebootStepWithItsOwnTimestamp() {
    GuestLifecycle guest = new GuestLifecycle(1, RebootPolicy.after(50 * MS, 10 * MS));
    guest.panic(0, PanicCause.KERNEL_DATA, "kernel data hit", events);

    assertTrue(guest.advanceTo(10_000 * MS, events));
    assertEquals(List.of(GuestEvent.Kind.PANICKED, GuestEvent.Kind.REBOOT_STARTED, GuestEvent.Kind.REBOOTED),
        events.stream().map(GuestEvent::kind).toList());
    assertEquals(60 * MS, events.get(2).atNanos());
  }

  @Test
  void latentCorruptionKeepsTheGuestRunningButMarksItCorrupted() {
    GuestLifecycle guest = new GuestLifecycle(0, RebootPolicy.never());
    guest.corruptLatently(5 * MS, "free page hit", events);
    guest.corruptLatently(6 * MS, "free page hit", events);

    assertEquals(GuestState.CORRUPTED, guest.state());
    assertTrue(guest.state().vcpusRun());
    assertEquals(2, guest.latentCorruptions());
  }

  @Test
  void processDeathLeavesTheGuestRunning() {
    GuestLifecycle guest = new GuestLifecycle(0, RebootPolicy.never());
    guest.killProcess(5 * MS, "user page hit", events);

    assertEquals(GuestState.RUNNING, guest.state());
    assertEquals(1, guest.processesKilled());
  }

  @Test
  void aGuestThatIsDownIsNotHitAgain() {
    GuestLifecycle guest = new GuestLifecycle(0, RebootPolicy.after(MS, MS));
    guest.panic(0, PanicCause.KERNEL_DATA, "first", events);
    guest.panic(0, PanicCause.KERNEL_DATA, "second", events);
    guest.killProcess(0, "user", events);
    guest.corruptLatently(0, "free", events);

    assertEquals(1, guest.panics());
    assertEquals(1, events.size());
  }

  @Test
  void rebootedGuestCanPanicAgain() {
    GuestLifecycle guest = new GuestLifecycle(0, RebootPolicy.after(MS, MS));
    guest.panic(0, PanicCause.KERNEL_DATA, "first", events);
    guest.advanceTo(2 * MS, events);
    guest.panic(3 * MS, PanicCause.KERNEL_DATA, "second", events);

    assertEquals(2, guest.panics());
    assertEquals(GuestState.PANICKED, guest.state());
    assertEquals(4 * MS, guest.nextChangeAtNanos());
  }

  @Test
  void stoppedGuestIsFinalEvenWithAPendingReboot() {
    GuestLifecycle guest = new GuestLifecycle(0, RebootPolicy.after(MS, MS));
    guest.panic(0, PanicCause.KERNEL_DATA, "hit", events);
    guest.stop(MS / 2, events);

    assertFalse(guest.advanceTo(10 * MS, events));
    assertEquals(GuestState.STOPPED, guest.state());
  }
}
