package org.perfsim.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.perfsim.session.HostSpec;
import org.perfsim.session.UserShare;
import org.perfsim.vm.RebootPolicy;

class FleetConfigTest {

  @Test
  void referenceConfDescribesTheDefaultFleetOfFourIvyBridgeHostsWithFourGuestsEach() {
    FleetConfig fleet = FleetConfig.load();

    assertEquals(4, fleet.hosts());
    assertEquals(4, fleet.guestsPerHost());
    assertEquals("ivybridge", fleet.cpu());
    assertEquals(List.of("host-0", "host-1", "host-2", "host-3"),
        fleet.hostProfiles().stream().map(HostProfile::hostId).toList());
    assertEquals(RebootPolicy.never(), fleet.guest().reboot());
  }

  @Test
  void applicationConfigOverridesAnyKey() {
    FleetConfig fleet = FleetConfig.from(ConfigFactory.parseString("""
        perfsim.fleet { hosts = 7, kernel = modern, guest.reboot { policy = after-delay, delay = 2s, boot-time = 1s } }
        """).withFallback(ConfigFactory.load()));

    assertEquals(7, fleet.hostProfiles().size());
    assertEquals("modern", fleet.hostProfiles().get(6).kernel());
    assertEquals(RebootPolicy.after(2_000_000_000L, 1_000_000_000L), fleet.guest().reboot());
  }

  @Test
  void unknownCpuIsRejectedWithTheValidIds() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> FleetConfig.from(
        ConfigFactory.parseString("perfsim.fleet.cpu = pentium4").withFallback(ConfigFactory.load())));

    assertEquals(true, error.getMessage().contains("ivybridge"), error.getMessage());
  }

  @Test
  void unknownRebootPolicyIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> FleetConfig.from(ConfigFactory
        .parseString("perfsim.fleet.guest.reboot.policy = sometimes").withFallback(ConfigFactory.load())));
  }

  @Test
  void livenessAndProvisioningWindowComeFromReferenceConfAndAreChecked() {
    FleetConfig fleet = FleetConfig.load();
    assertEquals(java.time.Duration.ofSeconds(60), fleet.sessionSilence());
    assertEquals(256, fleet.provisionWindow());
    assertEquals(java.time.Duration.ofMillis(250), HostEntity.Settings.from(ConfigFactory.load()).progressInterval());
    IllegalArgumentException silence = assertThrows(IllegalArgumentException.class, () -> FleetConfig.from(
        ConfigFactory.parseString("perfsim.fleet.session-silence = 0s").withFallback(ConfigFactory.load())));
    assertTrue(silence.getMessage().contains("perfsim.fleet.session-silence"), silence.getMessage());
    IllegalArgumentException window = assertThrows(IllegalArgumentException.class, () -> FleetConfig.from(
        ConfigFactory.parseString("perfsim.fleet.provision-window = 0").withFallback(ConfigFactory.load())));
    assertTrue(window.getMessage().contains("perfsim.fleet.provision-window"), window.getMessage());
  }

  @Test
  void referenceConfUserSharesAreTheDomainsDefaultsAndReachTheSpec() {
    FleetConfig fleet = FleetConfig.load();
    assertEquals(UserShare.HOST_DEFAULT, fleet.hostUserShare());
    assertEquals(UserShare.GUEST_DEFAULT, fleet.guest().userShare());

    FleetConfig tuned = FleetConfig.from(ConfigFactory.parseString(
        "perfsim.fleet { host-user-share = 0.25, guest.workload.user-share = 0.6 }")
        .withFallback(ConfigFactory.load()));
    HostSpec spec = tuned.hostProfiles().get(0).toSpec();
    assertEquals(0.25, spec.hostUserShare());
    assertEquals(0.6, spec.guests().get(0).userShare());
  }

  @Test
  void aUserShareOutsideZeroToOneIsRejectedNamingTheKey() {
    IllegalArgumentException host = assertThrows(IllegalArgumentException.class, () -> FleetConfig.from(
        ConfigFactory.parseString("perfsim.fleet.host-user-share = 1.5").withFallback(ConfigFactory.load())));
    assertTrue(host.getMessage().contains("perfsim.fleet.host-user-share"), host.getMessage());
    IllegalArgumentException guest = assertThrows(IllegalArgumentException.class, () -> FleetConfig.from(
        ConfigFactory.parseString("perfsim.fleet.guest.workload.user-share = -0.1")
            .withFallback(ConfigFactory.load())));
    assertTrue(guest.getMessage().contains("workload.user-share"), guest.getMessage());
  }
}
