package org.perfsim.host;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.perfsim.kernel.Capabilities;
import org.perfsim.session.HostSnapshot;

/**
 * The fleet as one Java object: a {@link FleetNode} (a cluster of one unless other nodes join it) plus the
 * calls the CLI needs: provision hosts, run sessions on one host or all of them, shut down.
 */
public final class EmbeddedFleet implements AutoCloseable {

  private final FleetConfig fleet;
  private final FleetNode node;
  private final Map<String, HostProfile> provisioned = new LinkedHashMap<>();
  /** Numbers the session waiters, whose actor names must be unique. */
  private final AtomicLong waiters = new AtomicLong();

  private EmbeddedFleet(FleetConfig fleet, FleetNode node) {
    this.fleet = fleet;
    this.node = node;
  }

  /** A single-JVM fleet on loopback as {@code perfsim.fleet} in the loaded config describes it. */
  public static EmbeddedFleet start() throws TimeoutException {
    Config config = ConfigFactory.load();
    return start(FleetConfig.from(config), config);
  }

  /**
   * A fleet node that forms its own cluster, bound where {@code config} says (reference.conf: loopback, a
   * free port; see {@link FleetNode#bind}); other JVMs may join it with {@link #seedNode()} as their seed
   * ({@link HostNodeMain}).
   */
  public static EmbeddedFleet start(FleetConfig fleet, Config config) throws TimeoutException {
    return start(fleet, config, List.of());
  }

  /**
   * As above, but joining the cluster of {@code seedNodes} ({@code HOST:PORT}; none: a cluster of its own),
   * Up once it returns. Listing this node's own address first makes it the seed that forms the cluster.
   */
  public static EmbeddedFleet start(FleetConfig fleet, Config config, List<String> seedNodes)
      throws TimeoutException {
    FleetNode node = FleetNode.start(config, seedNodes);
    try {
      node.awaitUp(fleet.askTimeout());
    } catch (TimeoutException e) {
      node.close();
      throw e;
    }
    return new EmbeddedFleet(fleet, node);
  }

  public FleetConfig config() {
    return fleet;
  }

  public FleetNode node() {
    return node;
  }

  /** {@code HOST:PORT} other nodes give as their seed to join this fleet. */
  public String seedNode() {
    return node.hostPort();
  }

  /** Waits until {@code nodes} JVMs (this one included) take hosts; call before provisioning. */
  public void awaitHostingNodes(int nodes, Duration timeout) throws TimeoutException {
    node.awaitHostingNodes(nodes, timeout);
  }

  /** Provisions every host of the configured fleet, in parallel; returns where each one lives. */
  public List<HostEntity.Provisioned> provision() {
    return provision(fleet.hostProfiles());
  }

  /**
   * Provisions the given hosts (fresh guests, replacing whatever ran there), in parallel within
   * {@code perfsim.fleet.provision-window}.
   */
  public List<HostEntity.Provisioned> provision(List<HostProfile> hosts) {
    return AskWindow.askAll(hosts, fleet.provisionWindow(), this::provisionAsync).join();
  }

  /** Provisions one host without blocking; the answer is awaited for the ask timeout. */
  public CompletableFuture<HostEntity.Provisioned> provisionAsync(HostProfile profile) {
    return provisionAsync(profile, Optional.empty());
  }

  /** As above, the host rebuilt as {@code restore} left it when given (it lost its state: moved, restarted). */
  public CompletableFuture<HostEntity.Provisioned> provisionAsync(HostProfile profile, Optional<HostSnapshot> restore) {
    synchronized (provisioned) {
      provisioned.put(profile.hostId(), profile);
    }
    return host(profile.hostId())
        .<HostEntity.Provisioned>ask(replyTo -> new HostEntity.Provision(profile, restore, replyTo), fleet.askTimeout())
        .toCompletableFuture();
  }

  /** The hosts provisioned so far, in the order they were provisioned. */
  public List<HostProfile> hosts() {
    synchronized (provisioned) {
      return List.copyOf(provisioned.values());
    }
  }

  /**
   * Runs {@code argv} on each of {@code hostIds} at once (each host with seed {@code seed + its index in
   * the list}, so the fleet run is deterministic); {@code onResult} hears each host's result as it
   * arrives. Returns the results in {@code hostIds} order.
   */
  public List<HostEntity.SessionFinished> runSession(List<String> hostIds, List<String> argv,
      Optional<String> perfOverride, long seed, Consumer<HostEntity.SessionFinished> onResult) {
    List<CompletableFuture<HostEntity.SessionFinished>> replies = new ArrayList<>();
    for (int i = 0; i < hostIds.size(); i++) {
      replies.add(startSession(hostIds.get(i), argv, perfOverride, seed + i).whenComplete((finished, failure) -> {
        if (finished != null) {
          onResult.accept(finished);
        }
      }));
    }
    return replies.stream().map(CompletableFuture::join).toList();
  }

  /**
   * Starts {@code argv} on one host; the future completes with its result, or fails with a
   * {@link java.util.concurrent.TimeoutException} once the host went {@code perfsim.fleet.session-silence}
   * without reporting progress ({@link SessionWaiter}): a session that progresses is awaited however long it runs.
   */
  public CompletableFuture<HostEntity.SessionFinished> startSession(String hostId, List<String> argv,
      Optional<String> perfOverride, long seed) {
    return startSession(hostId, argv, perfOverride, seed, 0);
  }

  /** As above, with a perf.data file of the first {@code perfDataSamplesPerCpu} samples per pCPU (0: none). */
  public CompletableFuture<HostEntity.SessionFinished> startSession(String hostId, List<String> argv,
      Optional<String> perfOverride, long seed, int perfDataSamplesPerCpu) {
    return startSession(hostId, argv, perfOverride, seed, perfDataSamplesPerCpu, Capabilities.DEFAULT, reached -> { });
  }

  /**
   * As above, perf run with {@code caps}; {@code onProgress} hears the simulated time the session reached as the
   * host reports it (on an actor's thread: it must not block).
   */
  public CompletableFuture<HostEntity.SessionFinished> startSession(String hostId, List<String> argv,
      Optional<String> perfOverride, long seed, int perfDataSamplesPerCpu, Capabilities caps,
      LongConsumer onProgress) {
    CompletableFuture<HostEntity.SessionFinished> result = new CompletableFuture<>();
    ActorRef<Object> waiter = node.system().systemActorOf(
        SessionWaiter.create(hostId, fleet.sessionSilence(), result, onProgress),
        "session-" + hostId + "-" + waiters.incrementAndGet(), Props.empty());
    // sent from here, so that what the caller sends the host next (a cancel) arrives after it
    host(hostId).tell(new HostEntity.StartSession(argv, perfOverride, seed, waiter.narrow(), perfDataSamplesPerCpu,
        caps, waiter.narrow()));
    return result;
  }

  /** Stops perf on {@code hostId} at once; its running session still reports, noting the cancel. */
  public void cancelSession(String hostId) {
    host(hostId).tell(new HostEntity.CancelSession());
  }

  /** Shuts down guest {@code guestId} of {@code hostId}. */
  public CompletableFuture<HostEntity.GuestChanged> stopGuest(String hostId, int guestId) {
    return host(hostId).<HostEntity.GuestChanged>ask(replyTo -> new HostEntity.StopGuest(guestId, replyTo),
        fleet.askTimeout()).toCompletableFuture();
  }

  /** Boots guest {@code guestId} of {@code hostId} afresh. */
  public CompletableFuture<HostEntity.GuestChanged> rebootGuest(String hostId, int guestId) {
    return host(hostId).<HostEntity.GuestChanged>ask(replyTo -> new HostEntity.RebootGuest(guestId, replyTo),
        fleet.askTimeout()).toCompletableFuture();
  }

  /** Where {@code hostId} lives and how its guests are, without blocking. */
  public CompletableFuture<HostEntity.Description> describeAsync(String hostId) {
    return describeAsync(hostId, fleet.askTimeout());
  }

  /** As above, the answer awaited for {@code timeout}. */
  public CompletableFuture<HostEntity.Description> describeAsync(String hostId, Duration timeout) {
    return host(hostId).<HostEntity.Description>ask(HostEntity.Describe::new, timeout).toCompletableFuture();
  }

  /** Where {@code hostId} lives and how its guests are. */
  public HostEntity.Description describe(String hostId) {
    return describeAsync(hostId).join();
  }

  private EntityRef<HostEntity.Command> host(String hostId) {
    return node.sharding().entityRefFor(HostEntity.TYPE_KEY, hostId);
  }

  /** Leaves the cluster and stops this JVM's actor system. */
  @Override
  public void close() {
    node.close();
  }
}
