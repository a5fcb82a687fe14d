package org.perfsim.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.perfsim.metrics.FleetMetrics;
import org.perfsim.session.HostSimulation;
import org.perfsim.vm.GuestState;

/**
 * The host's two behaviours: idle serves at once; a running session answers Describe and CancelSession
 * between steps and keeps what must wait in its stash, replayed in arrival order. One probe hears every
 * reply, so the order of the replies is the order the host gave them.
 */
class HostEntityBehavioursTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Duration STEP = Duration.ofNanos(HostSimulation.DEFAULT_STEP_NANOS);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final List<String> ONE_SECOND = List.of("perf", "record", "-e", "cycles", "-a", "--", "sleep", "1");

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  private static ActorRef<HostEntity.Command> provisioned(String hostId, TestProbe<Object> replies) {
    ActorRef<HostEntity.Command> host = testKit.spawn(HostEntity.create(hostId, STEP), hostId);
    HostProfile profile = FleetConfig.load().hostProfiles().get(0).withKernel("modern").withGuests(hostId, 2);
    host.tell(new HostEntity.Provision(profile, replies.ref().narrow()));
    replies.expectMessageClass(HostEntity.Provisioned.class, TIMEOUT);
    return host;
  }

  @Test
  void aRunningHostAnswersDescribeAtOnceAndAppliesAGuestStopAfterTheSession() {
    TestProbe<Object> replies = testKit.createTestProbe();
    ActorRef<HostEntity.Command> host = provisioned("host-b1", replies);
    // an hour of simulated time, ended by a cancel once Describe was answered: a one-second session of
    // cheap steps could end before a busy test thread sent Describe
    List<String> hour = List.of("perf", "record", "-e", "cycles", "-a", "--", "sleep", "3600");

    host.tell(new HostEntity.StartSession(hour, Optional.empty(), 1, replies.ref().narrow()));
    host.tell(new HostEntity.StopGuest(0, replies.ref().narrow()));
    host.tell(new HostEntity.Describe(replies.ref().narrow()));

    HostEntity.Description during = replies.expectMessageClass(HostEntity.Description.class, TIMEOUT);
    assertEquals(GuestState.RUNNING, during.guests().get(0), "the stop waits for the session");
    host.tell(new HostEntity.CancelSession());
    replies.expectMessageClass(HostEntity.SessionFinished.class, TIMEOUT);
    HostEntity.GuestChanged stopped = replies.expectMessageClass(HostEntity.GuestChanged.class, TIMEOUT);
    assertEquals(Optional.of(GuestState.STOPPED), stopped.state());
    assertEquals("", stopped.failure());
  }

  @Test
  void cancellingRefusesTheWaitingSessionsAtOnceAndTheyAreNotRunLater() {
    TestProbe<Object> replies = testKit.createTestProbe();
    ActorRef<HostEntity.Command> host = provisioned("host-b2", replies);
    List<String> hour = List.of("perf", "record", "-e", "cycles", "-a", "--", "sleep", "3600");

    host.tell(new HostEntity.StartSession(hour, Optional.empty(), 1, replies.ref().narrow()));
    host.tell(new HostEntity.StartSession(ONE_SECOND, Optional.empty(), 2, replies.ref().narrow()));
    host.tell(new HostEntity.CancelSession());
    host.tell(new HostEntity.StartSession(ONE_SECOND, Optional.empty(), 3, replies.ref().narrow()));

    HostEntity.SessionFinished refused = replies.expectMessageClass(HostEntity.SessionFinished.class, TIMEOUT);
    assertTrue(refused.result().perfMessage().contains("cancelled before it started"), refused.toString());
    HostEntity.SessionFinished cancelled = replies.expectMessageClass(HostEntity.SessionFinished.class, TIMEOUT);
    assertTrue(cancelled.result().perfNotes().contains("perf interrupted: the session was cancelled"));
    HostEntity.SessionFinished third = replies.expectMessageClass(HostEntity.SessionFinished.class, TIMEOUT);
    assertEquals(0, third.result().exitStatus(), "the session sent after the cancel runs: " + third);
    assertFalse(third.result().perfNotes().contains("perf interrupted: the session was cancelled"));
  }

  @Test
  void aStoppedHostTakesItsMetricSeriesWithIt() {
    TestProbe<Object> replies = testKit.createTestProbe();
    ActorRef<HostEntity.Command> host = provisioned("host-b3", replies);
    FleetMetrics metrics = FleetMetrics.get(testKit.system());
    assertTrue(metrics.scrape().contains("host=\"host-b3\""));

    host.tell(new HostEntity.Stop());
    replies.expectTerminated(host, TIMEOUT);

    assertFalse(metrics.scrape().contains("host=\"host-b3\""), "a moved host's series stay on the old node");
  }

  @Test
  void aHostThatWasNeverProvisionedRefusesASessionAndDescribesItselfWithoutAProfile() {
    TestProbe<Object> replies = testKit.createTestProbe();
    ActorRef<HostEntity.Command> host = testKit.spawn(HostEntity.create("host-b4", STEP), "host-b4");

    host.tell(new HostEntity.Describe(replies.ref().narrow()));
    host.tell(new HostEntity.StartSession(ONE_SECOND, Optional.empty(), 1, replies.ref().narrow()));

    assertEquals(Optional.empty(), replies.expectMessageClass(HostEntity.Description.class, TIMEOUT).profile());
    HostEntity.SessionFinished refused = replies.expectMessageClass(HostEntity.SessionFinished.class, TIMEOUT);
    assertTrue(refused.result().perfMessage().contains("not provisioned"), refused.toString());
  }
}
