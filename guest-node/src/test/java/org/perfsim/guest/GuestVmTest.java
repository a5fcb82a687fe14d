package org.perfsim.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.perfsim.pmu.GuestPhysicalWrite;
import org.perfsim.vm.GuestEvent;
import org.perfsim.vm.GuestLifecycle;
import org.perfsim.vm.GuestReport;
import org.perfsim.vm.GuestState;
import org.perfsim.vm.RebootPolicy;

class GuestVmTest {

  private static final long MS = 1_000_000L;
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final GuestProfile PROFILE = GuestProfile.linux(2, 0.9, RebootPolicy.never());

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @Test
  void testKitSerializesEveryMessageAsIfItCrossedJvms() {
    assertEquals(true, testKit.system().settings().config().getBoolean("pekko.actor.serialize-messages"));
    assertEquals(false, testKit.system().settings().config().getBoolean("pekko.actor.allow-java-serialization"));
  }

  @Test
  void freshGuestWithoutWritesRunsAndReportsNothingHappened() {
    ActorRef<GuestVm.Command> guest = testKit.spawn(GuestVm.create(PROFILE.toSpec(7)));
    TestProbe<GuestVm.Reported> probe = testKit.createTestProbe();

    guest.tell(new GuestVm.ApplyWrites(10_000 * MS, List.of(), probe.ref()));

    assertEquals(new GuestReport(7, GuestState.RUNNING, List.of(), GuestLifecycle.NEVER),
        probe.receiveMessage().report());
  }

  @Test
  void aPebsRecordOverTheGuestKernelPanicsItAndTheRecordBytesStayInItsMemory() {
    ActorRef<GuestVm.Command> guest = testKit.spawn(GuestVm.create(PROFILE.toSpec(3)));
    TestProbe<GuestVm.Reported> probe = testKit.createTestProbe();
    TestProbe<GuestVm.Status> status = testKit.createTestProbe();
    byte[] record = new byte[176];
    record[0] = 0x46;
    GuestPhysicalWrite write = new GuestPhysicalWrite(3, 0x1234000L, record, 3 * MS, GuestPhysicalWrite.Kind.RECORD);

    guest.tell(new GuestVm.ApplyWrites(50 * MS, List.of(write), probe.ref()));
    guest.tell(new GuestVm.GetStatus(status.ref()));

    GuestReport report = probe.receiveMessage().report();
    assertEquals(GuestState.PANICKED, report.state());
    assertEquals(GuestEvent.Kind.PANICKED, report.events().get(0).kind());
    assertTrue(report.events().get(0).detail().contains("0x1234000"), report.events().get(0).detail());
    GuestVm.Status now = status.receiveMessage();
    assertEquals(1, now.panics());
    assertEquals(176, now.bytesWritten());
  }

  @Test
  void shutdownStopsTheGuestAndSaysSo() {
    ActorRef<GuestVm.Command> guest = testKit.spawn(GuestVm.create(PROFILE.toSpec(2)));
    TestProbe<GuestVm.Reported> probe = testKit.createTestProbe();
    TestProbe<GuestVm.Status> status = testKit.createTestProbe();

    guest.tell(new GuestVm.Shutdown(5 * MS, probe.ref()));
    guest.tell(new GuestVm.GetStatus(status.ref()));

    GuestReport result = probe.receiveMessage().report();
    assertEquals(GuestState.STOPPED, result.state());
    assertEquals(GuestEvent.Kind.STOPPED, result.events().get(0).kind());
    assertEquals(GuestState.STOPPED, status.receiveMessage().state());
  }
}
