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
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
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

    @Option(names = "--token-file", paramLabel = "FILE",
        description = "with --target: a file holding the bearer token sent to the server (default: the token in "
            + "$PERFSIM_TOKEN)")
    Path tokenFile;

    @Option(names = "--tls-ca", paramLabel = "FILE",
        description = "with --target: speak TLS, trusting the server certificates these PEM CAs signed")
    Path tlsCa;

    @Option(names = "--tls-cert", paramLabel = "FILE",
        description = "with --target: this client's PEM certificate, for a server that asks for one (with --tls-key)")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "the PEM (PKCS#8) private key of --tls-cert")
    Path tlsKey;
  }

  /** Where the CLI finds its token when no --token-file is given. */
  static final String TOKEN_VARIABLE = "PERFSIM_TOKEN";

  private final ManagedChannel channel;
  private final String target;
  private final EmbeddedCoordinator embedded;
  private final Optional<String> token;

  private CoordinatorConnection(ManagedChannel channel, String target, EmbeddedCoordinator embedded,
      Optional<String> token) {
    this.token = token;
    this.channel = channel;
    this.target = target;
    this.embedded = embedded;
  }

  static CoordinatorConnection open(Options options) throws TimeoutException {
    if (options.target != null) {
      if (!options.target.matches("(\\[[0-9a-fA-F:.]+\\]|[^:\\s\\[\\]]+):\\d{1,5}")) {
        throw new Choices.BadChoice("--target: '" + options.target + "' is not HOST:PORT");
      }
      return new CoordinatorConnection(channel(options), options.target, null, token(options));
    }
    // the embedded coordinator serves this one call in this JVM: the in-process transport, no TCP port
    String name = "perfsim-embedded-" + UUID.randomUUID();
    EmbeddedCoordinator.InitialFleet initial = options.fleet.fleet(options.fleetHosts, "--fleet-hosts");
    Progress.Counter hostsUp = new Progress("hosts up", initial.hosts()).counter();
    EmbeddedCoordinator embedded;
    try {
      embedded = EmbeddedCoordinator.start(fleet -> CoordinatorServer.inProcess(fleet, name,
          CoordinatorServer.Options.defaults("", 0).withKernelPolicies(options.fleet.policies())), initial,
          hostsUp::increment);
    } finally {
      hostsUp.finish();
    }
    return new CoordinatorConnection(InProcessChannelBuilder.forName(name).build(), "embedded coordinator",
        embedded, Optional.empty());
  }

  private static ManagedChannel channel(Options options) {
    if (options.tlsCa == null && options.tlsCert == null) {
      return ManagedChannelBuilder.forTarget(options.target).usePlaintext().maxInboundMessageSize(64 << 20).build();
    }
    if ((options.tlsCert == null) != (options.tlsKey == null)) {
      throw new Choices.BadChoice(options.tlsCert == null ? "--tls-key: needs --tls-cert" : "--tls-cert: needs --tls-key");
    }
    try {
      SslContextBuilder tls = GrpcSslContexts.forClient();
      if (options.tlsCa != null) {
        tls.trustManager(options.tlsCa.toFile());
      }
      if (options.tlsCert != null) {
        tls.keyManager(options.tlsCert.toFile(), options.tlsKey.toFile());
      }
      return NettyChannelBuilder.forTarget(options.target).sslContext(tls.build())
          .maxInboundMessageSize(64 << 20).build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new Choices.BadChoice("--tls-ca/--tls-cert/--tls-key: " + e.getMessage());
    }
  }

  /** The token from --token-file, else from $PERFSIM_TOKEN; a BadChoice names the file, never the token. */
  private static Optional<String> token(Options options) {
    String token;
    if (options.tokenFile != null) {
      try {
        token = Files.readString(options.tokenFile, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new Choices.BadChoice("--token-file: cannot read " + options.tokenFile + ": " + e.getMessage());
      }
      if (token.isEmpty() || token.chars().anyMatch(c -> c <= 32 || c >= 127)) {
        throw new Choices.BadChoice("--token-file: " + options.tokenFile
            + " must hold one token of printable ASCII characters");
      }
    } else {
      token = System.getenv(TOKEN_VARIABLE);
      if (token == null || token.isBlank()) {
        return Optional.empty();
      }
      token = token.strip();
    }
    return Optional.of(token);
  }

  /** The channel; an UNAVAILABLE status from it names the target (grpc's own text is "io exception"). */
  Channel channel() {
    Channel named = ClientInterceptors.intercept(channel, new NamingTarget(target));
    return token.<Channel>map(t -> ClientInterceptors.intercept(named, new BearerToken(t))).orElse(named);
  }

  /** Sends {@code authorization: Bearer TOKEN} with every call. */
  private record BearerToken(String token) implements ClientInterceptor {
    private static final Metadata.Key<String> AUTHORIZATION =
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    @Override
    public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
      return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<A> listener, Metadata headers) {
          headers.put(AUTHORIZATION, "Bearer " + token);
          super.start(listener, headers);
        }
      };
    }

    /** Never the token itself. */
    @Override
    public String toString() {
      return "BearerToken[...]";
    }
  }

  /** Prefixes the target to the channel's own UNAVAILABLE statuses, so the user sees what was dialled. */
  private record NamingTarget(String target) implements ClientInterceptor {
    @Override
    public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
      return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<A> listener, Metadata headers) {
          super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
            @Override
            public void onClose(Status status, Metadata trailers) {
              // only the channel's own failures carry a cause; an UNAVAILABLE the coordinator sent names what
              // did not answer behind it (a host), and the target is not at fault
              super.onClose(status.getCode() == Status.Code.UNAVAILABLE && status.getCause() != null
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
