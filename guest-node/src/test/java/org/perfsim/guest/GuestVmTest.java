package org.perfsim.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class GuestVmTest {

  private static final long MS = 1_000_000L;
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final GuestProfile PROFILE = new GuestProfile(2, 0.9, RebootPolicy.never());

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
  void freshGuestRunsAndReportsNothingHappened() {
    ActorRef<GuestVm.Command> guest = testKit.spawn(GuestVm.create(7, PROFILE));
    TestProbe<GuestVm.StepResult> probe = testKit.createTestProbe();

    guest.tell(new GuestVm.AdvanceClock(10_000 * MS, probe.ref()));

    GuestVm.StepResult result = probe.receiveMessage();
    assertEquals(new GuestVm.StepResult(7, GuestState.RUNNING, java.util.List.of(), GuestLifecycle.NEVER), result);
  }

  @Test
  void shutdownStopsTheGuestAndSaysSo() {
    ActorRef<GuestVm.Command> guest = testKit.spawn(GuestVm.create(2, PROFILE));
    TestProbe<GuestVm.StepResult> probe = testKit.createTestProbe();
    TestProbe<GuestVm.StatusReply> status = testKit.createTestProbe();

    guest.tell(new GuestVm.Shutdown(5 * MS, probe.ref()));
    guest.tell(new GuestVm.GetStatus(status.ref()));

    GuestVm.StepResult result = probe.receiveMessage();
    assertEquals(GuestState.STOPPED, result.state());
    assertEquals(GuestEvent.Kind.STOPPED, result.events().get(0).kind());
    assertEquals(GuestState.STOPPED, status.receiveMessage().state());
  }
}
