package org.perfsim.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
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
 * A host that reports no progress within {@code perfsim.fleet.session-silence} (here: it reports only at the end
 * of a session of 100000 simulated seconds): the host is given a node error, and the coordinator stops perf on
 * it, so the host is really free for the next session (not still simulating the abandoned one).
 */
class SessionAskTimeoutTest {

  private static StartSessionRequest record(String seconds) {
    return StartSessionRequest.newBuilder().setHosts(HostSelector.newBuilder().setAll(true))
        .setArgv(Argv.newBuilder().addArgs("perf").addArgs("record").addArgs("-e").addArgs("cycles").addArgs("-a")
            .addArgs("--").addArgs("sleep").addArgs(seconds)).build();
  }

  @Test
  void aHostWhoseAskTimedOutRunsTheNextSessionAtOnce() throws Exception {
    Config config = ConfigFactory.parseString(
        "perfsim.fleet.session-silence = 3s\nperfsim.fleet.session-progress-interval = 100000s").withFallback(ConfigFactory.load());
    try (EmbeddedFleet fleet = EmbeddedFleet.start(FleetConfig.from(config), config);
        CoordinatorServer server = CoordinatorServer.start(fleet, CoordinatorServer.Options.defaults("127.0.0.1", 0))) {
      server.fleet().provision(ApiRequests.provision(ProvisionHostsRequest.newBuilder().setCount(1)
          .setGuestsPerHost(1).setPcpus(1).build())).get(30, TimeUnit.SECONDS);

      TrackedSession abandoned = server.sessions().start(ApiRequests.session(record("100000")));
      HostSessionResult timedOut = ApiMessages.session(abandoned.done().get(30, TimeUnit.SECONDS), true)
          .getHostResults(0);
      assertTrue(timedOut.getNodeError().contains("reported no progress"), timedOut.toString());

      TrackedSession next = server.sessions().start(ApiRequests.session(record("0.01")));
      HostSessionResult result = ApiMessages.session(next.done().get(30, TimeUnit.SECONDS), true).getHostResults(0);
      assertEquals("", result.getNodeError(), "the host was still busy with the abandoned session");
      assertEquals(Outcome.OUTCOME_OK, result.getOutcome());
      assertTrue(result.getSamplesHost() > 0);
    }
  }
}
