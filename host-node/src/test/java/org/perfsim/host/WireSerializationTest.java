package org.perfsim.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.Map;
import java.util.Optional;
import org.perfsim.guest.GuestVm;
import org.perfsim.kernel.KernelPolicies;
import org.perfsim.kernel.KernelPolicy;
import org.perfsim.kernel.KernelPolicyFile;
import org.perfsim.kernel.KernelPolicyFileException;
import org.perfsim.pmu.GuestPhysicalWrite;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.session.Host;
import org.perfsim.session.HostSnapshot;
import org.perfsim.session.HostSpec;
import org.perfsim.vm.Guest;
import org.perfsim.session.HostSimulation;
import org.perfsim.session.SessionResult;
import org.perfsim.vm.GuestDamage;
import org.perfsim.vm.GuestEvent;
import org.perfsim.vm.GuestReport;
import org.perfsim.vm.GuestState;
import org.perfsim.wire.CborSerializable;

/**
 * Every message that may cross JVMs travels as Jackson CBOR and comes back equal; the list of examples is
 * checked against each protocol's permitted subclasses, so a new message cannot be forgotten.
 */
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
    var finished = testKit.<HostEntity.SessionFinished>createTestProbe().ref();
    var described = testKit.<HostEntity.Description>createTestProbe().ref();
    var changed = testKit.<HostEntity.GuestChanged>createTestProbe().ref();
    var progress = testKit.<HostEntity.SessionProgress>createTestProbe().ref();
    var reported = testKit.<GuestVm.Reported>createTestProbe().ref();
    var status = testKit.<GuestVm.Status>createTestProbe().ref();
    HostProfile profile = FleetConfig.load().hostProfiles().get(0);
    // a real crashed session: errno-free, panics, per-guest samples, a timeline
    SessionResult crashed = new HostSimulation(profile.toSpec(), 3).run(
        List.of("perf", "record", "-e", "cycles:pp", "-a", "--", "sleep", "0.1"), Optional.empty());
    SessionResult refused = new HostSimulation(profile.toSpec(), 3).run(
        List.of("perf", "record", "-e", "cycles:pppp", "-a"), Optional.empty());
    // a session with its perf.data file (bytes in CBOR)
    Host.Finished withFile = new Host(profile.toSpec(), 50_000_000L).runWithPerfData(
        List.of("perf", "record", "-e", "cycles:k", "-a", "--", "sleep", "0.05"), Optional.empty(), 3,
        profile.toSpec().bootGuests(), 20);
    HostSnapshot crashedAtRest = crashedHost();
    var crashedGuest = crashedAtRest.guests().get(0);
    return Stream.of(
        new HostEntity.Provision(profile, provisioned),
        // a moved host rebuilt as it was: panicked guests with the PEBS bytes in their memory
        new HostEntity.Provision(profile, Optional.of(crashedAtRest), provisioned),
        // a user kernel policy travels with the profile: a host node needs no policy file of its own
        new HostEntity.Provision(profile.withKernel(userPolicy()), provisioned),
        new HostEntity.StartSession(List.of("perf", "record", "-e", "cycles:p", "-ag", "--", "sleep", "10"),
            Optional.of("modern"), 42, finished),
        new HostEntity.StartSession(List.of("perf", "record", "-a", "--", "sleep", "1"), Optional.empty(), 7, finished,
            500),
        // a waiter that hears the session's progress (SessionWaiter), across JVMs like the result
        new HostEntity.StartSession(List.of("perf", "stat", "-a", "--", "sleep", "1"), Optional.empty(), 7, finished,
            0, org.perfsim.kernel.Capabilities.NONE, progress),
        new HostEntity.SessionProgress("host-0", 250_000_000L),
        new HostEntity.Describe(described),
        new HostEntity.Stop(),
        new HostEntity.Provisioned("host-0", "pekko://perfsim@127.0.0.1:1", 4, HostSnapshot.PROVISIONED),
        new HostEntity.SessionFinished("host-0", "pekko://perfsim@127.0.0.1:1", crashed),
        new HostEntity.SessionFinished("host-0", "pekko://perfsim@127.0.0.1:1", crashed, Optional.empty(),
            Optional.of(crashedAtRest), Optional.empty()),
        new HostEntity.SessionFinished("host-0", "pekko://perfsim@127.0.0.1:1", refused),
        new HostEntity.SessionFinished("host-0", "pekko://perfsim@127.0.0.1:1", withFile.result(),
            withFile.perfData(), Optional.empty(), Optional.empty()),
        // with the host as the session left it
        new HostEntity.SessionFinished("host-0", "pekko://perfsim@127.0.0.1:1", crashed, Optional.empty(),
            Optional.empty(),
            Optional.of(new HostEntity.Description("host-0", "pekko://perfsim@127.0.0.1:1", Optional.of(profile),
                100_000_000, Map.of(0, GuestState.PANICKED), Map.of(0, new GuestDamage(1, 0, 0, "hit"))))),
        new HostEntity.Description("host-0", "pekko://perfsim@127.0.0.1:1", Optional.of(profile), 5_000_000,
            Map.of(0, GuestState.PANICKED, 1, GuestState.RUNNING),
            Map.of(0, new GuestDamage(1, 2, 3, "kernel text hit"), 1, new GuestDamage(0, 0, 0, ""))),
        new HostEntity.CancelSession(),
        new HostEntity.StopGuest(1, changed),
        new HostEntity.RebootGuest(0, changed),
        new HostEntity.GuestChanged("host-0", 1, Optional.of(GuestState.STOPPED)),
        new HostEntity.GuestChanged("host-0", 7, Optional.empty()),
        new HostEntity.GuestChanged("host-0", 2, Optional.of(GuestState.RUNNING), "guest 2 did not answer",
            Optional.empty()),
        new HostEntity.GuestChanged("host-0", 0, Optional.of(GuestState.STOPPED), "", Optional.of(crashedAtRest)),
        new HostEntity.GuestAnswered(new GuestVm.Reported(new GuestReport(0, GuestState.RUNNING, List.of(), 1))),
        new HostEntity.GuestStopped(new HostEntity.StopGuest(1, changed), null, "no answer"),
        new HostEntity.NextStep(),
        new GuestVm.ApplyWrites(5, List.of(new GuestPhysicalWrite(1, 0x1000, new byte[] {1, 2, 3}, 4,
            GuestPhysicalWrite.Kind.RECORD)), reported),
        new GuestVm.Shutdown(5, reported),
        new GuestVm.GetStatus(status),
        new GuestVm.Reported(new GuestReport(1, GuestState.PANICKED,
            List.of(new GuestEvent(9, 1, GuestEvent.Kind.PANICKED, "kernel text at 0x1000 hit")), 10)),
        new GuestVm.Reported(new GuestReport(0, crashedGuest.state(), List.of(), 10), crashedGuest),
        new GuestVm.Status(1, GuestState.CORRUPTED, 0, 1, 2, 176));
  }

  /** The 2012 setup after {@code cycles:p -ag}: every guest panicked, PEBS bytes in their memory. */
  private static HostSnapshot crashedHost() {
    HostSpec legacy = HostSpec.of("host-t", CpuModel.IVYBRIDGE, KernelPolicy.LEGACY_3_6, PerfGeneration.V3_6, 2, 2, 1.0);
    Host host = new Host(legacy, 50_000_000L);
    List<Guest> guests = legacy.bootGuests();
    host.run(List.of("perf", "record", "-e", "cycles:p", "-ag", "--", "sleep", "1"), Optional.empty(), 1, guests);
    guests.forEach(g -> host.guestSaved(g.snapshot()));
    HostSnapshot snapshot = host.snapshot();
    assertTrue(snapshot.guests().get(0).state() == GuestState.PANICKED && !snapshot.guests().get(0).memory().isEmpty(),
        snapshot.toString());
    return snapshot;
  }

  private static KernelPolicy userPolicy() {
    try {
      return KernelPolicies.BUILT_IN.plusFile("proposal.yaml", KernelPolicyFile.write(KernelPolicy.INCLUDE_GUEST)
          .replace("id: include-guest", "id: proposed-include-guest")).byId("proposed-include-guest").orElseThrow();
    } catch (KernelPolicyFileException e) {
      throw new AssertionError(e);
    }
  }

  /** Every command of each protocol, and every reply the actors declare, has an example above. */
  @Test
  void everyMessageOfEveryProtocolHasAnExample() {
    Set<Class<?>> covered = messages().map(Object::getClass).collect(Collectors.toSet());
    List<Class<?>> protocol = new ArrayList<>();
    for (Class<?> sealed : List.of(HostEntity.Command.class, GuestVm.Command.class)) {
      protocol.addAll(List.of(sealed.getPermittedSubclasses()));
    }
    for (Class<?> actor : List.of(HostEntity.class, GuestVm.class)) {
      Stream.of(actor.getDeclaredClasses()).filter(Class::isRecord)
          .filter(c -> CborSerializable.class.isAssignableFrom(c)).forEach(protocol::add);
    }
    assertTrue(protocol.size() > 15, protocol.toString());
    assertEquals(List.of(), protocol.stream().filter(c -> !covered.contains(c)).map(Class::getName).toList());
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
