package org.perfsim.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.perfsim.guest.GuestEvent;
import org.perfsim.guest.GuestState;
import org.perfsim.guest.GuestVm;

/** Every message that may cross JVMs travels as Jackson CBOR and comes back equal. */
class WireSerializationTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Serialization serialization =
      SerializationExtension.get(Adapter.toClassic(testKit.system()));

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  static Stream<Object> messages() {
    var provisioned = testKit.<HostEntity.Provisioned>createTestProbe().ref();
    var stepped = testKit.<GuestVm.StepResult>createTestProbe().ref();
    var status = testKit.<GuestVm.StatusReply>createTestProbe().ref();
    HostProfile profile = FleetConfig.load().hostProfiles().get(0);
    return Stream.of(
        new HostEntity.Provision(profile, provisioned),
        new HostEntity.Stop(),
        new HostEntity.Provisioned("host-0", "pekko://perfsim@127.0.0.1:1", 4),
        new GuestVm.AdvanceClock(5, stepped),
        new GuestVm.Shutdown(5, stepped),
        new GuestVm.GetStatus(status),
        new GuestVm.StepResult(1, GuestState.PANICKED,
            List.of(new GuestEvent(9, 1, GuestEvent.Kind.PANICKED, "kernel text at 0x1000 hit")), 10),
        new GuestVm.StatusReply(1, GuestState.CORRUPTED, 0, 1, 2));
  }

  @ParameterizedTest
  @MethodSource("messages")
  void messageTravelsAsJacksonCborAndComesBackEqual(Object message) {
    assertEquals(JacksonCborSerializer.class, serialization.findSerializerFor(message).getClass());

    byte[] bytes = serialization.serialize(message).get();
    Object back = serialization.deserialize(bytes, serialization.findSerializerFor(message).identifier(),
        Serializers.manifestFor(serialization.findSerializerFor(message), message)).get();

    assertEquals(message, back);
  }
}
