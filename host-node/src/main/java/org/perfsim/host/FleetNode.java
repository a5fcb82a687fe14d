package org.perfsim.host;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.perfsim.access.ClusterTls;

/**
 * One JVM's part in the fleet: an actor system on the Pekko cluster with host entities sharded onto it.
 * Started alone it forms a cluster of one; given seed nodes it joins theirs and takes a share of the hosts.
 */
public final class FleetNode implements AutoCloseable {

  /** Every node of a fleet runs an actor system of this name; seed addresses use it. */
  public static final String SYSTEM_NAME = "perfsim";

  /** Changes replayed to a late listener; past it a late listener hears only what follows. */
  private static final int MAX_MEMBERSHIP_HISTORY = 1000;

  private final ActorSystem<Void> system;
  private final ClusterSharding sharding;
  private final List<Consumer<ClusterMembership.Change>> membershipListeners = new ArrayList<>();
  /** Every change so far, so a listener added after the join still hears it (a node's changes are few). */
  private final List<ClusterMembership.Change> membershipHistory = new ArrayList<>();

  private FleetNode(ActorSystem<Void> system) {
    this.system = system;
    system.systemActorOf(ClusterMembership.create(this::membershipChanged), "cluster-membership", Props.empty());
    this.sharding = ClusterSharding.get(system);
    HostEntity.Settings settings = HostEntity.Settings.from(system.settings().config());
    sharding.init(Entity.of(HostEntity.TYPE_KEY, entity -> HostEntity.create(entity.getEntityId(), settings))
        .withStopMessage(new HostEntity.Stop()));
  }

  /**
   * Starts a node with {@code config} (bound where {@code pekko.remote.artery.canonical} says, see
   * {@link #bind}) and joins the cluster of {@code seedNodes} ({@code HOST:PORT}), or forms a cluster of its
   * own when there are none. A cluster port beyond loopback without TLS is refused
   * ({@link ClusterTls#checkBind(Config)}).
   */
  public static FleetNode start(Config config, List<String> seedNodes) {
    ClusterTls.checkBind(config);
    FleetNode node = new FleetNode(ActorSystem.create(Behaviors.empty(), SYSTEM_NAME, config));
    Cluster cluster = Cluster.get(node.system);
    if (seedNodes.isEmpty()) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    } else {
      cluster.manager().tell(new JoinSeedNodes(seedNodes.stream().map(FleetNode::seedAddress).toList()));
    }
    return node;
  }

  /** {@code config} with the node bound to {@code hostname:port}; port 0 picks a free one. */
  public static Config bind(Config config, String hostname, int port) {
    return ConfigFactory.parseMap(Map.of(
        "pekko.remote.artery.canonical.hostname", hostname,
        "pekko.remote.artery.canonical.port", port)).withFallback(config);
  }

  /** As above, the cluster port speaking mutual TLS with {@code tls} if given (plaintext otherwise). */
  public static Config bind(Config config, String hostname, int port, Optional<ClusterTls> tls) {
    Config bound = bind(config, hostname, port);
    return tls.map(t -> t.configure(bound)).orElse(bound);
  }

  /** {@code HOST:PORT} as the cluster address of a fleet node there. */
  public static Address seedAddress(String hostPort) {
    return AddressFromURIString.parse("pekko://" + SYSTEM_NAME + "@" + hostPort);
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public ClusterSharding sharding() {
    return sharding;
  }

  /** This node's cluster address, {@code pekko://perfsim@HOST:PORT}. */
  public String address() {
    return Cluster.get(system).selfMember().address().toString();
  }

  /** {@code HOST:PORT} of this node, as other nodes name it when they join. */
  public String hostPort() {
    Address self = Cluster.get(system).selfMember().address();
    return self.getHost().orElseThrow() + ":" + self.getPort().orElseThrow();
  }

  /**
   * {@code listener} hears every later membership change this node sees (one {@link ClusterMembership.Change}
   * each: joined, unreachable, reachable again, downed, leaving, removed), on an actor's thread: it must not block.
   */
  public synchronized void onMembership(Consumer<ClusterMembership.Change> listener) {
    membershipHistory.forEach(listener);
    membershipListeners.add(listener);
  }

  private synchronized void membershipChanged(ClusterMembership.Change change) {
    if (membershipHistory.size() < MAX_MEMBERSHIP_HISTORY) {
      membershipHistory.add(change);
    }
    for (Consumer<ClusterMembership.Change> listener : membershipListeners) {
      try {
        listener.accept(change);
      } catch (RuntimeException e) {
        // one listener's bug must not keep the others (health, the session watch) from hearing the change
        system.log().warn("membership listener failed on {}: {}", change.line(), e.toString());
      }
    }
  }

  /** True while this node is an Up member of its cluster (not yet joined, leaving, downed or removed: false). */
  public boolean isUp() {
    return !system.whenTerminated().isCompleted()
        && Cluster.get(system).selfMember().status() == org.apache.pekko.cluster.MemberStatus.up();
  }

  /** Blocks until this node is an Up member of its cluster. */
  public void awaitUp(Duration timeout) throws TimeoutException {
    CompletableFuture<Void> up = new CompletableFuture<>();
    org.apache.pekko.cluster.Cluster.get(Adapter.toClassic(system)).registerOnMemberUp(() -> up.complete(null));
    try {
      up.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TimeoutException("interrupted while waiting to join the cluster");
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * Blocks until at least {@code nodes} nodes can host entities (their shard regions registered with the
   * coordinator), so hosts provisioned afterwards spread over all of them.
   */
  public void awaitHostingNodes(int nodes, Duration timeout) throws TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    while (System.nanoTime() < deadline) {
      try {
        seen = hostingNodes(Duration.ofSeconds(2)).size();
      } catch (java.util.concurrent.CompletionException notYet) {
        // a node still joining (or a loaded machine) may not answer the stats query in time: ask again
        continue;
      }
      if (seen >= nodes) {
        return;
      }
      CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS)).join();
    }
    throw new TimeoutException("only " + seen + " of " + nodes + " nodes host entities after " + timeout);
  }

  /** The addresses of the nodes whose shard regions take hosts, with how many hosts each runs now. */
  public Map<Address, Integer> hostingNodes(Duration timeout) {
    ShardRegion.ClusterShardingStats stats = AskPattern.<org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery,
        ShardRegion.ClusterShardingStats>ask(sharding.shardState(),
            replyTo -> new GetClusterShardingStats(HostEntity.TYPE_KEY, timeout, replyTo),
            timeout.plusSeconds(1), system.scheduler())
        .toCompletableFuture().join();
    return stats.getRegions().entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
        e -> e.getValue().getStats().values().stream().mapToInt(n -> ((Number) n).intValue()).sum()));
  }

  /** Leaves the cluster and stops the actor system. */
  @Override
  public void close() {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
  }
}
