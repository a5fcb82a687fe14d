package org.perfsim.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class HostEntityTest {

  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  private static HostProfile profile(String hostId, int guests) {
    return FleetConfig.load().hostProfiles().get(0).withKernel("3.6").withGuests(hostId, guests);
  }

  @Test
  void provisionedHostReportsItsGuestsAndTheNodeItLivesOn() {
    ActorRef<HostEntity.Command> host = testKit.spawn(HostEntity.create("host-9"));
    TestProbe<HostEntity.Provisioned> probe = testKit.createTestProbe();

    host.tell(new HostEntity.Provision(profile("host-9", 3), probe.ref()));

    HostEntity.Provisioned provisioned = probe.receiveMessage();
    assertEquals("host-9", provisioned.hostId());
    assertEquals(3, provisioned.guests());
    assertTrue(provisioned.nodeAddress().startsWith("pekko://"), provisioned.nodeAddress());
  }

  @Test
  void provisioningAgainReplacesTheGuests() {
    ActorRef<HostEntity.Command> host = testKit.spawn(HostEntity.create("host-8"));
    TestProbe<HostEntity.Provisioned> probe = testKit.createTestProbe();

    host.tell(new HostEntity.Provision(profile("host-8", 5), probe.ref()));
    host.tell(new HostEntity.Provision(profile("host-8", 2), probe.ref()));

    assertEquals(5, probe.receiveMessage().guests());
    assertEquals(2, probe.receiveMessage().guests());
  }
}
