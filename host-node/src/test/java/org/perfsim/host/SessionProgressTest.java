package org.perfsim.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.perfsim.kernel.Capabilities;

/**
 * A running session tells its waiter how far it got, at least every progress interval of simulated time, so the
 * waiter can time out a silent host without bounding a slow one.
 */
class SessionProgressTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STEP = Duration.ofMillis(50);
  private static final Duration INTERVAL = Duration.ofMillis(200);

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @Test
  void aSessionReportsTheSimulatedTimeItReachedAtLeastEveryInterval() {
    HostEntity.Settings configured = HostEntity.Settings.from(ConfigFactory.load());
    HostEntity.Settings settings = new HostEntity.Settings(STEP, configured.guestAskTimeout(),
        configured.queueCapacity(), INTERVAL);
    ActorRef<HostEntity.Command> host = testKit.spawn(HostEntity.create("host-p1", settings), "host-p1");
    TestProbe<HostEntity.Provisioned> up = testKit.createTestProbe();
    host.tell(new HostEntity.Provision(FleetConfig.load().hostProfiles().get(0).withGuests("host-p1", 2), up.ref()));
    up.expectMessageClass(HostEntity.Provisioned.class, TIMEOUT);
    // one probe hears both, so the progress reports come in the order the host sent them, then the result
    TestProbe<Object> waiter = testKit.createTestProbe();

    host.tell(new HostEntity.StartSession(List.of("perf", "record", "-e", "cycles", "-a", "--", "sleep", "2"),
        Optional.empty(), 1, waiter.ref().narrow(), 0, Capabilities.DEFAULT, waiter.ref().narrow()));

    List<Long> reached = new ArrayList<>();
    Object next;
    while (!((next = waiter.receiveMessage(TIMEOUT)) instanceof HostEntity.SessionFinished)) {
      HostEntity.SessionProgress progress = (HostEntity.SessionProgress) next;
      assertEquals("host-p1", progress.hostId());
      reached.add(progress.reachedNanos());
    }
    assertEquals(0, ((HostEntity.SessionFinished) next).result().exitStatus());
    long previous = 0;
    for (long at : reached) {
      assertTrue(at > previous, "increasing: " + reached);
      assertTrue(at - previous <= INTERVAL.toNanos() + STEP.toNanos(), "at least every interval: " + reached);
      previous = at;
    }
    assertTrue(2_000_000_000L - previous <= INTERVAL.toNanos() + STEP.toNanos(), "up to the end: " + reached);
  }
}
