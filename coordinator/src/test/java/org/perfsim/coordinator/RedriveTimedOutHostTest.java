package org.perfsim.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.perfsim.api.v1.Argv;
import org.perfsim.api.v1.HostSelector;
import org.perfsim.api.v1.HostSessionResult;
import org.perfsim.api.v1.Outcome;
import org.perfsim.api.v1.ProvisionHostsRequest;
import org.perfsim.api.v1.StartSessionRequest;
import org.perfsim.coordinator.core.TrackedSession;
import org.perfsim.host.EmbeddedFleet;
import org.perfsim.host.FleetConfig;

/**
 * A session whose host timed out can be re-driven on it: the host is busy with work nobody tracks
 * (started on its actor directly), so the session's answer times out; with {@code redrive_timed_out_hosts} the
 * coordinator stops perf there and starts the session once more, which then runs; without it the timeout is
 * only reported.
 */
class RedriveTimedOutHostTest {

  private static final List<String> FOREVER = List.of("perf", "record", "-e", "cycles", "-a", "--", "sleep", "100000");

  private static StartSessionRequest shortSession(boolean redrive) {
    return StartSessionRequest.newBuilder().setHosts(HostSelector.newBuilder().setAll(true))
        .setArgv(Argv.newBuilder().addAllArgs(List.of("perf", "record", "-e", "cycles", "-a", "--", "sleep", "0.01")))
        .setRedriveTimedOutHosts(redrive).build();
  }

  private static HostSessionResult runBehindABusyHost(boolean redrive) throws Exception {
    Config config = ConfigFactory.parseString(
        "perfsim.fleet.session-silence = 3s")
        .withFallback(ConfigFactory.load());
    try (EmbeddedFleet fleet = EmbeddedFleet.start(FleetConfig.from(config), config);
        CoordinatorServer server = CoordinatorServer.start(fleet, CoordinatorServer.Options.defaults("127.0.0.1", 0))) {
      String hostId = server.fleet().provision(ApiRequests.provision(ProvisionHostsRequest.newBuilder().setCount(1)
          .setGuestsPerHost(1).setPcpus(1).build())).get(30, TimeUnit.SECONDS).get(0).host().profile().hostId();
      // the session below queues behind this one on the host, so it reports no progress and times out
      fleet.startSession(hostId, FOREVER, Optional.empty(), 1);

      TrackedSession session = server.sessions().start(ApiRequests.session(shortSession(redrive)));
      return ApiMessages.session(session.done().get(60, TimeUnit.SECONDS), true).getHostResults(0);
    }
  }

  @Test
  void aTimedOutHostIsDrivenOnceMoreWhenTheSessionAsksForIt() throws Exception {
    HostSessionResult result = runBehindABusyHost(true);

    assertEquals("", result.getNodeError(), result.toString());
    assertEquals(Outcome.OUTCOME_OK, result.getOutcome());
    assertTrue(result.getSamplesHost() > 0);
  }

  @Test
  void withoutTheOptionATimedOutHostIsOnlyReported() throws Exception {
    HostSessionResult result = runBehindABusyHost(false);

    assertFalse(result.getNodeError().isEmpty(), result.toString());
    assertFalse(result.getNodeUnreachable());
  }
}
