package org.perfsim.host;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.perfsim.guest.GuestVm;
import org.perfsim.wire.CborSerializable;

/**
 * One simulated host, a Cluster Sharding entity (so hosts spread over every JVM that joins): its CPU,
 * kernel policy, perf binary and pCPUs, and its guests as child {@link GuestVm} actors.
 */
public final class HostEntity extends AbstractBehavior<HostEntity.Command> {

  /** The entity type hosts are sharded under. */
  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Host");

  /** What the fleet asks of a host. */
  public sealed interface Command extends CborSerializable permits Provision, Stop {}

  /** Builds the host as {@code profile} says, with freshly booted guests (any earlier ones are shut down). */
  public record Provision(HostProfile profile, ActorRef<Provisioned> replyTo) implements Command {}

  /** Ends the entity (the message Cluster Sharding sends when it moves or passivates the host). */
  public record Stop() implements Command {}

  /** The host is ready, and where it lives. */
  public record Provisioned(String hostId, String nodeAddress, int guests) implements CborSerializable {}

  private final String hostId;
  private final String nodeAddress;
  private final List<ActorRef<GuestVm.Command>> guests = new ArrayList<>();
  private int generation;

  private HostEntity(ActorContext<Command> context, String hostId) {
    super(context);
    this.hostId = hostId;
    this.nodeAddress = Cluster.get(context.getSystem()).selfMember().address().toString();
  }

  /** An unprovisioned host with the given entity id. */
  public static Behavior<Command> create(String hostId) {
    return Behaviors.setup(context -> new HostEntity(context, hostId));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Provision.class, this::onProvision)
        .onMessage(Stop.class, stop -> Behaviors.stopped())
        .build();
  }

  private Behavior<Command> onProvision(Provision command) {
    guests.forEach(getContext()::stop);
    guests.clear();
    generation++;
    HostProfile profile = command.profile();
    for (int guestId = 0; guestId < profile.guests(); guestId++) {
      // a new generation's names never collide with guests of the last one that are still stopping
      guests.add(getContext().spawn(GuestVm.create(guestId, profile.guest()),
          "guest-" + guestId + "-" + generation));
    }
    command.replyTo().tell(new Provisioned(hostId, nodeAddress, guests.size()));
    return this;
  }
}
