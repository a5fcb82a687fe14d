package org.perfsim.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Leave;
import org.junit.jupiter.api.Test;
import org.perfsim.host.ClusterMembership;
import org.perfsim.host.EmbeddedFleet;

/**
 * gRPC health follows the coordinator node's membership (issue 15): SERVING while it is an Up member, and
 * NOT_SERVING once it leaves the cluster (as when the split-brain resolver downs it), for the server as a whole
 * and for each service; a late membership listener still hears that the node joined.
 */
class HealthFollowsMembershipTest {

  private static ServingStatus health(ManagedChannel channel, String service) {
    return HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.newBuilder().setService(service).build())
        .getStatus();
  }

  @Test
  void healthTurnsNotServingWhenTheNodeLeavesItsCluster() throws Exception {
    String name = "health-membership-" + System.nanoTime();
    try (EmbeddedFleet fleet = EmbeddedFleet.start();
        CoordinatorServer server = CoordinatorServer.inProcess(fleet, name, CoordinatorServer.Options.defaults("127.0.0.1", 0))) {
      ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
      try {
        assertEquals(ServingStatus.SERVING, health(channel, ""));
        assertEquals(ServingStatus.SERVING, health(channel, "perfsim.v1.SessionService"));
        List<ClusterMembership.Change> heard = new CopyOnWriteArrayList<>();
        fleet.node().onMembership(heard::add);
        assertTrue(heard.stream().anyMatch(c -> c.self() && c.kind() == ClusterMembership.Kind.JOINED), heard.toString());

        Cluster cluster = Cluster.get(fleet.node().system());
        cluster.manager().tell(Leave.create(cluster.selfMember().address()));

        long deadline = System.nanoTime() + 30_000_000_000L;
        while (health(channel, "") != ServingStatus.NOT_SERVING) {
          assertTrue(System.nanoTime() < deadline, "still SERVING 30 s after the node left");
          Thread.sleep(100);
        }
        assertEquals(ServingStatus.NOT_SERVING, health(channel, "perfsim.v1.SessionService"));
      } finally {
        channel.shutdownNow();
      }
    }
  }
}
