package org.perfsim.host;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Starts a JVM that joins a fleet and takes a share of its hosts:
 * {@code HostNodeMain [--hostname H] [--port N] [--exit-with-parent] SEED_HOST:PORT ...} (defaults:
 * 127.0.0.1, port 0 picks a free one). It prints {@code host-node up at ADDRESS} once it is a member, then
 * runs until stopped, or until the process that launched it ends if {@code --exit-with-parent} is given.
 */
public final class HostNodeMain {

  private HostNodeMain() {}

  public static void main(String[] args) throws Exception {
    String hostname = "127.0.0.1";
    int port = 0;
    boolean exitWithParent = false;
    List<String> seeds = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--port") && i + 1 < args.length) {
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
      System.err.println("usage: HostNodeMain [--hostname H] [--port N] [--exit-with-parent] SEED_HOST:PORT ...");
      System.exit(2);
    }
    FleetNode node = start(hostname, port, seeds);
    System.out.println("host-node up at " + node.address());
    System.out.flush();
    if (exitWithParent) {
      // a launcher that dies without cleaning up (a killed test run) must not leave nodes behind
      ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(node::close));
    }
    node.system().getWhenTerminated().toCompletableFuture().join();
  }

  /** Starts a host node bound to {@code hostname:port} that joins the fleet of {@code seeds} and is Up. */
  public static FleetNode start(String hostname, int port, List<String> seeds) throws TimeoutException {
    FleetNode node = FleetNode.start(FleetNode.bind(ConfigFactory.load(), hostname, port), seeds);
    try {
      node.awaitUp(FleetConfig.load().askTimeout());
    } catch (TimeoutException e) {
      node.close();
      throw e;
    }
    return node;
  }
}
