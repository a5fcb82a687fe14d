package org.perfsim.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.perfsim.pmu.GuestPhysicalWrite;

class GuestTest {
  private static final long MIB = 1L << 20;
  private static final long MS = 1_000_000L;
  private static final GuestMemoryLayout TWO_GIB = GuestMemoryLayout.linuxGuest(2048);

  private static GuestPhysicalWrite record(long gpa, long atNanos) {
    return new GuestPhysicalWrite(0, gpa, new byte[176], atNanos, GuestPhysicalWrite.Kind.RECORD);
  }

  private static long start(RegionKind kind) {
    return TWO_GIB.regions().stream().filter(r -> r.kind() == kind).findFirst().orElseThrow().start();
  }

  @Test
  void aRecordOverKernelTextPanicsTheGuestAtTheWriteTimeNamingTheAddress() {
    Guest guest = new Guest(0, TWO_GIB, RebootPolicy.never());
    GuestReport report = guest.apply(List.of(record(20 * MIB, 7 * MS)), 50 * MS, new ArrayList<>());

    assertEquals(GuestState.PANICKED, report.state());
    GuestEvent panic = report.events().get(0);
    assertEquals(7 * MS, panic.atNanos());
    assertTrue(panic.detail().contains("gpa 0x1400000") && panic.detail().contains("kernel text"), panic.detail());
  }

  @Test
  void writesAfterThePanicAreDroppedBecauseItsVcpusNoLongerRun() {
    Guest guest = new Guest(0, TWO_GIB, RebootPolicy.never());
    guest.apply(List.of(record(20 * MIB, 1 * MS), record(start(RegionKind.USER), 2 * MS)), 50 * MS,
        new ArrayList<>());

    assertEquals(1, guest.writesDropped());
    assertEquals(0, guest.lifecycle().processesKilled());
  }

  @Test
  void aRecordInUserMemoryKillsAProcessAndTheGuestRunsOn() {
    Guest guest = new Guest(0, TWO_GIB, RebootPolicy.never());
    GuestReport report = guest.apply(List.of(record(start(RegionKind.USER) + 4096, MS)), 50 * MS,
        new ArrayList<>());

    assertEquals(GuestState.RUNNING, report.state());
    assertEquals(GuestEvent.Kind.PROCESS_KILLED, report.events().get(0).kind());
    assertEquals(1, guest.lifecycle().processesKilled());
  }

  @Test
  void latentCorruptionPanicsOnceTheKernelAllocatesTheCorruptedFreePage() {
    Guest guest = new Guest(0, TWO_GIB, RebootPolicy.never());
    long gpa = start(RegionKind.FREE) + 32 * MIB; // half a second of free-page use away
    GuestReport first = guest.apply(List.of(record(gpa, 10 * MS)), 50 * MS, new ArrayList<>());
    assertEquals(GuestState.CORRUPTED, first.state());
    assertEquals(500 * MS, first.nextChangeAtNanos());

    GuestReport later = guest.apply(List.of(), 600 * MS, new ArrayList<>());
    assertEquals(GuestState.PANICKED, later.state());
    assertEquals(500 * MS, later.events().get(0).atNanos());
    assertTrue(later.events().get(0).detail().contains("free page"), later.events().get(0).detail());
  }

  @Test
  void aRebootBringsTheGuestBackWithFreshMemory() {
    Guest guest = new Guest(0, TWO_GIB, RebootPolicy.after(100 * MS, 50 * MS));
    guest.apply(List.of(record(start(RegionKind.USER), MS), record(40 * MIB, 2 * MS)), 50 * MS, new ArrayList<>());
    assertEquals(102 * MS, guest.nextChangeAtNanos(), "the reboot starts 100 ms after the panic");

    GuestReport back = guest.apply(List.of(), 200 * MS, new ArrayList<>());
    assertEquals(GuestState.RUNNING, back.state());
    assertEquals(List.of(GuestEvent.Kind.REBOOT_STARTED, GuestEvent.Kind.REBOOTED),
        back.events().stream().map(GuestEvent::kind).toList());
    assertNull(guest.memory().bytesAt(start(RegionKind.USER)), "fresh memory after the reboot");
  }
}
