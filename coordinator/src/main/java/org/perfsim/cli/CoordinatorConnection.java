package org.perfsim.cli;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.perfsim.coordinator.CoordinatorServer;
import org.perfsim.coordinator.EmbeddedCoordinator;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A client verb's channel to the coordinator: the one at {@code --target}, or, without it, an embedded
 * coordinator on the in-process transport started for this one call (with the fleet options) and stopped
 * after it.
 */
final class CoordinatorConnection implements AutoCloseable {

  /** The options every client verb takes. */
  static final class Options {
    @Option(names = "--target", paramLabel = "HOST:PORT",
        description = "a running 'perfsim serve'; without it an embedded coordinator serves this one call")
    String target;

    @Option(names = "--fleet-hosts", description = "without --target: hosts of the embedded fleet (default 4)")
    Integer fleetHosts;

    @Mixin InitialFleetOptions fleet;
  }

  private final ManagedChannel channel;
  private final String target;
  private final EmbeddedCoordinator embedded;

  private CoordinatorConnection(ManagedChannel channel, String target, EmbeddedCoordinator embedded) {
    this.channel = channel;
    this.target = target;
    this.embedded = embedded;
  }

  static CoordinatorConnection open(Options options) throws TimeoutException {
    if (options.target != null) {
      if (!options.target.matches("(\\[[0-9a-fA-F:.]+\\]|[^:\\s\\[\\]]+):\\d{1,5}")) {
        throw new Choices.BadChoice("--target: '" + options.target + "' is not HOST:PORT");
      }
      return new CoordinatorConnection(channel(options.target), options.target, null);
    }
    // the embedded coordinator serves this one call in this JVM: the in-process transport, no TCP port
    String name = "perfsim-embedded-" + UUID.randomUUID();
    EmbeddedCoordinator embedded = EmbeddedCoordinator.start(fleet -> CoordinatorServer.inProcess(fleet, name,
        CoordinatorServer.Options.defaults("", 0).withKernelPolicies(options.fleet.policies())),
        options.fleet.fleet(options.fleetHosts, "--fleet-hosts"));
    return new CoordinatorConnection(InProcessChannelBuilder.forName(name).build(), "embedded coordinator",
        embedded);
  }

  private static ManagedChannel channel(String target) {
    return ManagedChannelBuilder.forTarget(target).usePlaintext().maxInboundMessageSize(64 << 20).build();
  }

  /** The channel; an UNAVAILABLE status from it names the target (grpc's own text is "io exception"). */
  Channel channel() {
    return ClientInterceptors.intercept(channel, new NamingTarget(target));
  }

  /** Prefixes the target to the description of every UNAVAILABLE status, so the user sees what was dialled. */
  private record NamingTarget(String target) implements ClientInterceptor {
    @Override
    public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
      return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<A> listener, Metadata headers) {
          super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
            @Override
            public void onClose(Status status, Metadata trailers) {
              super.onClose(status.getCode() == Status.Code.UNAVAILABLE
                  ? status.withDescription(target + ": " + status.getDescription()) : status, trailers);
            }
          }, headers);
        }
      };
    }
  }

  String target() {
    return target;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (embedded != null) {
      embedded.close();
    }
  }
}
