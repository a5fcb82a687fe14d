package org.perfsim.host;

import java.util.function.Consumer;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Watches this node's view of the cluster and hands every membership change, one {@link Change} each, to the
 * node's listeners (the coordinator's session watch, gRPC health, the one-line log of {@code serve} and
 * {@code host-node}). Local only: its messages never cross JVMs.
 */
public final class ClusterMembership extends AbstractBehavior<ClusterMembership.Command> {

  /** What happened to a member, in Pekko's words for its status. */
  public enum Kind {
    JOINED("joined (up)"), UNREACHABLE("unreachable"), REACHABLE("reachable again"), DOWNED("downed"),
    LEAVING("leaving"), REMOVED("removed");

    private final String text;

    Kind(String text) {
      this.text = text;
    }

    /** True for the changes after which the member's hosts no longer answer (until it is reachable again). */
    public boolean lost() {
      return this == UNREACHABLE || this == DOWNED || this == REMOVED;
    }
  }

  /** One change: the member's address ({@code pekko://perfsim@HOST:PORT}) and whether it is this node. */
  public record Change(Kind kind, String address, boolean self) {
    /** The log line, e.g. {@code cluster: member pekko://perfsim@127.0.0.1:25520 unreachable}. */
    public String line() {
      return "cluster: member " + address + (self ? " (this node)" : "") + " " + kind.text;
    }
  }

  public sealed interface Command permits MemberChanged, ReachabilityChanged {}

  record MemberChanged(ClusterEvent.MemberEvent event) implements Command {}

  record ReachabilityChanged(ClusterEvent.ReachabilityEvent event) implements Command {}

  private final String selfAddress;
  private final Consumer<Change> sink;

  private ClusterMembership(ActorContext<Command> context, Consumer<Change> sink) {
    super(context);
    this.sink = sink;
    Cluster cluster = Cluster.get(context.getSystem());
    this.selfAddress = cluster.selfMember().address().toString();
    cluster.subscriptions().tell(Subscribe.create(
        context.messageAdapter(ClusterEvent.MemberEvent.class, MemberChanged::new), ClusterEvent.MemberEvent.class));
    cluster.subscriptions().tell(Subscribe.create(
        context.messageAdapter(ClusterEvent.ReachabilityEvent.class, ReachabilityChanged::new),
        ClusterEvent.ReachabilityEvent.class));
  }

  /** Hands every change to {@code sink} (which must not block: it runs on the actor's thread). */
  public static Behavior<Command> create(Consumer<Change> sink) {
    return Behaviors.setup(context -> new ClusterMembership(context, sink));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(MemberChanged.class, this::onMember)
        .onMessage(ReachabilityChanged.class, this::onReachability)
        .build();
  }

  private Behavior<Command> onMember(MemberChanged changed) {
    ClusterEvent.MemberEvent event = changed.event();
    Kind kind = event instanceof ClusterEvent.MemberUp ? Kind.JOINED
        : event instanceof ClusterEvent.MemberDowned ? Kind.DOWNED
        : event instanceof ClusterEvent.MemberLeft ? Kind.LEAVING
        : event instanceof ClusterEvent.MemberRemoved ? Kind.REMOVED
        : null;
    if (kind != null) {
      tell(kind, event.member().address().toString());
    }
    return this;
  }

  private Behavior<Command> onReachability(ReachabilityChanged changed) {
    ClusterEvent.ReachabilityEvent event = changed.event();
    tell(event instanceof ClusterEvent.UnreachableMember ? Kind.UNREACHABLE : Kind.REACHABLE,
        event.member().address().toString());
    return this;
  }

  private void tell(Kind kind, String address) {
    sink.accept(new Change(kind, address, address.equals(selfAddress)));
  }
}
