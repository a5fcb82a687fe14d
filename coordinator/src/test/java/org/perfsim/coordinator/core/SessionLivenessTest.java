package org.perfsim.coordinator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perfsim.host.EmbeddedFleet;
import org.perfsim.host.FleetConfig;
import org.perfsim.session.SessionResult;

/**
 * A session is bounded by its host's liveness, not by its length: a host that keeps reporting progress is
 * awaited however long its session runs, while a host that reports none is given up on after
 * {@code perfsim.fleet.session-silence}. Here the silence is short (2 s) and the fleet real.
 */
class SessionLivenessTest {
  private static final Duration SILENCE = Duration.ofSeconds(2);
  private static EmbeddedFleet fleet;
  private static FleetCatalog catalog;
  private static SessionCoordinator sessions;

  @BeforeAll
  static void fleetWithAShortSilence() throws Exception {
    Config config = ConfigFactory.parseString("perfsim.fleet.session-silence = " + SILENCE.toMillis() + "ms")
        .withFallback(ConfigFactory.load());
    fleet = EmbeddedFleet.start(FleetConfig.from(config), config);
    catalog = new FleetCatalog(10);
    FleetHosts hosts = new FleetHosts(fleet, catalog);
    sessions = new SessionCoordinator(hosts, catalog, new SessionRegistry(10, new PageToken()));
    FleetUseCases fleetUses = new FleetUseCases(hosts, catalog, new PageToken());
    // host-0: many pCPUs, so its session takes a few wall seconds; host-1: small
    fleetUses.provision(ProvisionRequest.count(1, 1, "", "", "", 128)).get(60, TimeUnit.SECONDS);
    fleetUses.provision(ProvisionRequest.count(1, 1, "", "", "", 1)).get(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    fleet.close();
  }

  private static TrackedSession run(String hostId, String seconds) {
    return sessions.start(new SessionRequest(new SessionRequest.Argv(List.of("perf", "record", "-e", "cycles", "-a",
        "--", "sleep", seconds)), Optional.empty(), OptionalLong.empty(), new SessionRequest.Ids(List.of(hostId))));
  }

  @Test
  void aHostThatKeepsReportingProgressIsAwaitedPastTheSilenceBound() throws Exception {
    // the session must outlast twice the silence to prove anything, however fast this machine steps it: a
    // session that ends sooner is run again with four times the simulated time (a few rounds at most)
    Duration took = Duration.ZERO;
    for (long seconds = 200; seconds <= 51_200 && took.compareTo(SILENCE.multipliedBy(2)) <= 0; seconds *= 4) {
      long start = System.nanoTime();
      HostResult result = run("host-0", Long.toString(seconds)).done().get(10, TimeUnit.MINUTES).results().get(0);
      took = Duration.ofNanos(System.nanoTime() - start);

      assertEquals("", result.nodeError(), result.toString());
      SessionResult ran = result.result().orElseThrow();
      assertEquals(0, ran.exitStatus(), ran.perfMessage());
    }
    // a bound of the silence on the whole session (what an ask timeout was) would have failed it
    assertTrue(took.compareTo(SILENCE.multipliedBy(2)) > 0, "the session took only " + took);
  }

  @Test
  void aHostWhoseSessionMakesNoProgressIsTimedOutAfterTheSilence() throws Exception {
    // the host is busy with a session nobody here tracks: ours waits behind it and so reports no progress
    fleet.startSession("host-1", List.of("perf", "record", "-e", "cycles", "-a", "--", "sleep", "100000"),
        Optional.empty(), 1);
    long start = System.nanoTime();
    HostResult result = run("host-1", "0.01").done().get(2, TimeUnit.MINUTES).results().get(0);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertTrue(result.nodeError().contains("reported no progress for 2000 ms"), result.toString());
    assertTrue(took.compareTo(SILENCE) >= 0, "timed out before the silence: " + took);
    fleet.cancelSession("host-1");
  }
}
