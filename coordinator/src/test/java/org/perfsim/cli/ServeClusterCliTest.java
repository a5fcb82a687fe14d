package org.perfsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code serve} with one {@code host-node} (issue 15), two JVMs on loopback: the host node's metrics port is
 * free by default (no clash with serve's), both print one line per membership change, and a {@code kill -9}
 * of the host node leaves serve up (keep-oldest: serve formed the cluster), ready and answering.
 */
class ServeClusterCliTest {

  private static final long BOUND_SECONDS = 120;

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Reads stdout lines until one contains {@code text}; returns the lines read. */
  static List<String> readUntil(CliProcess cli, String text) throws Exception {
    List<String> lines = new ArrayList<>();
    long deadline = System.nanoTime() + BOUND_SECONDS * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      String line = cli.readLine(BOUND_SECONDS);
      if (line == null) {
        break;
      }
      lines.add(line);
      if (line.contains(text)) {
        return lines;
      }
    }
    throw new AssertionError("no line with '" + text + "' within " + BOUND_SECONDS + " s: " + lines + "\n"
        + cli.stderr());
  }

  private static int status(String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void aHostNodeJoinsServeOnFreePortsAndItsKillLeavesServeUp(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dataDir)
      throws Exception {
    int clusterPort = freePort();
    int nodePort = freePort();
    String serveAddress = "pekko://perfsim@127.0.0.1:" + clusterPort;
    String nodeAddress = "pekko://perfsim@127.0.0.1:" + nodePort;
    try (CliProcess serve = CliProcess.start("serve", "--grpc-port", "0", "--metrics-port", "0", "--hosts", "2",
        "--cluster-port", String.valueOf(clusterPort), "--data-dir", dataDir.toString())) {
      List<String> started = readUntil(serve, "cluster: member " + serveAddress + " (this node) joined (up)");
      Matcher metrics = Pattern.compile("metrics on (http://\\S+)/metrics").matcher(String.join("\n", started));
      assertTrue(metrics.find(), started.toString());
      String serveHttp = metrics.group(1);
      assertTrue(started.stream().anyMatch(l -> l.contains("host nodes join with --seed-nodes 127.0.0.1:" + clusterPort)),
          started.toString());

      try (CliProcess node = CliProcess.start("host-node", "--port", String.valueOf(nodePort), "--seed-nodes",
          "127.0.0.1:" + clusterPort)) {
        List<String> joined = readUntil(node, "host-node up at");
        String up = joined.get(joined.size() - 1);
        Matcher nodeMetrics = Pattern.compile("metrics at http://127\\.0\\.0\\.1:(\\d+)/metrics").matcher(up);
        assertTrue(nodeMetrics.find(), up);
        assertNotEquals("9464", nodeMetrics.group(1), "a free metrics port by default");
        readUntil(node, "cluster: member " + nodeAddress + " (this node) joined (up)");
        readUntil(serve, "cluster: member " + nodeAddress + " joined (up)");

        node.close(); // SIGKILL: kill -9
        readUntil(serve, "cluster: member " + nodeAddress + " unreachable");
        readUntil(serve, "cluster: member " + nodeAddress + " downed");
        readUntil(serve, "cluster: member " + nodeAddress + " removed");
      }
      assertEquals(200, status(serveHttp + "/ready"), "serve's side stays (keep-oldest)");
      assertEquals(200, status(serveHttp + "/alive"));
    }
  }
}
