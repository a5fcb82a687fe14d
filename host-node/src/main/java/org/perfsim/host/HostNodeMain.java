package org.perfsim.host;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.perfsim.access.ClusterTls;

/**
 * Starts a JVM that joins a fleet and takes a share of its hosts:
 * {@code HostNodeMain [--hostname H] [--port N] [--cluster-tls-cert F --cluster-tls-key F --cluster-tls-ca F]
 * [--exit-with-parent] SEED_HOST:PORT ...} (defaults: 127.0.0.1, port 0 picks a free one, no TLS: loopback
 * only, {@link ClusterTls}). It prints {@code host-node up at ADDRESS} once it is a member, then
 * runs until stopped, or until the process that launched it ends if {@code --exit-with-parent} is given.
 */
public final class HostNodeMain {

  private HostNodeMain() {}

  public static void main(String[] args) throws Exception {
    String hostname = "127.0.0.1";
    int port = 0;
    boolean exitWithParent = false;
    List<String> seeds = new ArrayList<>();
    Map<ClusterTls.Part, Path> tlsFiles = new EnumMap<>(ClusterTls.Part.class);
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      Optional<ClusterTls.Part> tlsPart = Arrays.stream(ClusterTls.Part.values())
          .filter(p -> p.option().equals(arg)).findFirst();
      if (tlsPart.isPresent() && i + 1 < args.length) {
        tlsFiles.put(tlsPart.get(), Path.of(args[++i]));
      } else if (args[i].equals("--port") && i + 1 < args.length) {
        port = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--hostname") && i + 1 < args.length) {
        hostname = args[++i];
      } else if (args[i].equals("--exit-with-parent")) {
        exitWithParent = true;
      } else {
        seeds.add(args[i]);
      }
    }
    if (seeds.isEmpty()) {
      System.err.println("usage: HostNodeMain [--hostname H] [--port N] [--cluster-tls-cert F --cluster-tls-key F "
          + "--cluster-tls-ca F] [--exit-with-parent] SEED_HOST:PORT ...");
      System.exit(2);
    }
    Optional<ClusterTls> tls;
    try {
      tls = clusterTls(tlsFiles);
      ClusterTls.checkBind(tls, hostname, "--hostname");
    } catch (IllegalArgumentException e) {
      System.err.println("HostNodeMain: " + e.getMessage());
      System.exit(2);
      return;
    }
    FleetNode node = start(hostname, port, seeds, tls);
    System.out.println("host-node up at " + node.address());
    System.out.flush();
    if (exitWithParent) {
      // a launcher that dies without cleaning up (a killed test run) must not leave nodes behind
      ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(node::close));
    }
    node.system().getWhenTerminated().toCompletableFuture().join();
  }

  /** The cluster TLS of the files given, the refusal naming the option of a missing or bad one. */
  private static Optional<ClusterTls> clusterTls(Map<ClusterTls.Part, Path> files) {
    try {
      return ClusterTls.of(files.get(ClusterTls.Part.CERTIFICATE), files.get(ClusterTls.Part.KEY),
          files.get(ClusterTls.Part.CA));
    } catch (ClusterTls.BadFile e) {
      throw new IllegalArgumentException(e.part().option() + ": " + e.getMessage(), e);
    }
  }

  /** Starts a host node bound to {@code hostname:port} that joins the fleet of {@code seeds} and is Up. */
  public static FleetNode start(String hostname, int port, List<String> seeds) throws TimeoutException {
    return start(hostname, port, seeds, Optional.empty());
  }

  /** As above, its cluster port speaking {@code tls} if given. */
  public static FleetNode start(String hostname, int port, List<String> seeds, Optional<ClusterTls> tls)
      throws TimeoutException {
    FleetNode node = FleetNode.start(FleetNode.bind(ConfigFactory.load(), hostname, port, tls), seeds);
    try {
      node.awaitUp(FleetConfig.load().askTimeout());
    } catch (TimeoutException e) {
      node.close();
      throw e;
    }
    return node;
  }
}
