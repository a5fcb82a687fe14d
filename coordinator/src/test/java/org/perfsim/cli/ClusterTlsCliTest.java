package org.perfsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.perfsim.coordinator.LoopbackCoordinator.assertContains;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perfsim.access.ClusterTls;
import org.perfsim.coordinator.TestCertificates;
import org.perfsim.host.FleetNode;

/**
 * Protected mode for every port a fleet node opens: {@code serve} and {@code host-node} refuse (exit 2, before
 * anything starts) a cluster port beyond loopback without cluster TLS, and {@code host-node} its /metrics beyond
 * loopback without tokens or client certificates; the cluster TLS files are all three or none, each read and
 * checked first, the message naming the option of the one at fault. With them, {@code serve} and a
 * {@code host-node} (two JVMs on loopback) form one cluster.
 */
class ClusterTlsCliTest {
  /** TEST-NET-1 (RFC 5737): not loopback, never reached, since the refusal comes before any bind. */
  private static final String BEYOND_LOOPBACK = "192.0.2.10";

  @TempDir static Path dir;
  static ClusterTls node;
  static ClusterTls otherCaNode;
  static Path tokens;

  @BeforeAll
  static void certificates() throws Exception {
    node = TestCertificates.create(Files.createDirectories(dir.resolve("a"))).clusterNode("node");
    otherCaNode = TestCertificates.create(Files.createDirectories(dir.resolve("b"))).clusterNode("node");
    tokens = Files.writeString(dir.resolve("tokens"), "prometheus viewer viewer-token-" + System.nanoTime() + "\n");
  }

  private static List<String> tls(Path cert, Path key, Path ca) {
    return List.of("--cluster-tls-cert", cert.toString(), "--cluster-tls-key", key.toString(), "--cluster-tls-ca",
        ca.toString());
  }

  private static CliVerbsTest.Run refused(List<String> args) {
    CliVerbsTest.Run run = CliVerbsTest.run(args.toArray(String[]::new));
    assertEquals(2, run.status(), run.out() + run.err());
    return run;
  }

  private static List<String> hostNode(String... more) {
    List<String> args = new ArrayList<>(List.of("host-node", "--seed-nodes", "127.0.0.1:25520"));
    args.addAll(List.of(more));
    return args;
  }

  @Test
  void serveAndAHostNodeWithClusterTlsFormOneCluster() throws Exception {
    int clusterPort = ServeClusterCliTest.freePort();
    List<String> serveArgs = new ArrayList<>(List.of("serve", "--grpc-port", "0", "--metrics-port", "0", "--hosts", "1",
        "--guests", "1", "--pcpus", "1", "--data-dir", Files.createDirectories(dir.resolve("data")).toString(),
        "--cluster-port", String.valueOf(clusterPort)));
    serveArgs.addAll(tls(node.certificate(), node.privateKey(), node.ca()));
    try (CliProcess serve = CliProcess.start(serveArgs.toArray(String[]::new))) {
      ServeClusterCliTest.readUntil(serve, "(host nodes join with --seed-nodes 127.0.0.1:" + clusterPort
          + "); cluster port: mutual TLS");
      int nodePort = ServeClusterCliTest.freePort();
      List<String> nodeArgs = new ArrayList<>(List.of("host-node", "--seed-nodes", "127.0.0.1:" + clusterPort,
          "--port", String.valueOf(nodePort)));
      nodeArgs.addAll(tls(node.certificate(), node.privateKey(), node.ca()));
      try (CliProcess hostNode = CliProcess.start(nodeArgs.toArray(String[]::new))) {
        ServeClusterCliTest.readUntil(hostNode, "host-node up at");
        ServeClusterCliTest.readUntil(serve, "cluster: member pekko://perfsim@127.0.0.1:" + nodePort + " joined (up)");
      }
    }
  }

  @Test
  void aHostNodeBeyondLoopbackWithoutTokensIsRefusedForItsMetrics() {
    List<String> args = hostNode("--hostname", BEYOND_LOOPBACK);
    args.addAll(tls(node.certificate(), node.privateKey(), node.ca()));
    CliVerbsTest.Run run = refused(args);
    assertContains(run.err(), "perfsim: --hostname: refusing to listen on " + BEYOND_LOOPBACK + " without "
        + "authentication: anyone who can reach it could read this node's metrics. Give --tokens-file FILE");
  }

  @Test
  void aHostNodeBeyondLoopbackWithoutClusterTlsIsRefusedForItsClusterPort() {
    CliVerbsTest.Run run = refused(hostNode("--hostname", BEYOND_LOOPBACK, "--tokens-file", tokens.toString()));
    assertContains(run.err(), "perfsim: --hostname: refusing to open the cluster port on " + BEYOND_LOOPBACK
        + " without authentication: anyone who can reach it could join the fleet's cluster and send its actors "
        + "messages. Give --cluster-tls-cert FILE, --cluster-tls-key FILE and --cluster-tls-ca FILE");
  }

  @Test
  void serveWithItsClusterPortBeyondLoopbackWithoutClusterTlsIsRefused() {
    CliVerbsTest.Run run = refused(List.of("serve", "--grpc-port", "0", "--metrics-port", "0", "--cluster-hostname",
        BEYOND_LOOPBACK));
    assertContains(run.err(), "perfsim: --cluster-hostname: refusing to open the cluster port on " + BEYOND_LOOPBACK);
    assertContains(run.err(), "or listen on loopback (127.0.0.1, the default)");
  }

  @Test
  void clusterTlsNeedsAllThreeFilesAndNamesTheMissingOne() {
    CliVerbsTest.Run noCa = refused(List.of("serve", "--grpc-port", "0", "--metrics-port", "0", "--cluster-tls-cert",
        node.certificate().toString(), "--cluster-tls-key", node.privateKey().toString()));
    assertContains(noCa.err(), "perfsim: --cluster-tls-ca: missing: cluster TLS needs all of --cluster-tls-cert, "
        + "--cluster-tls-key and --cluster-tls-ca");
    CliVerbsTest.Run noKey = refused(hostNode("--cluster-tls-cert", node.certificate().toString(),
        "--cluster-tls-ca", node.ca().toString()));
    assertContains(noKey.err(), "perfsim: --cluster-tls-key: missing");
  }

  @Test
  void eachBadFileIsNamedByItsOption() throws Exception {
    Path missing = dir.resolve("nowhere.pem");
    assertContains(refused(hostNode(tls(missing, node.privateKey(), node.ca()).toArray(String[]::new))).err(),
        "perfsim: --cluster-tls-cert: cannot read " + missing);
    Path notPem = Files.writeString(dir.resolve("not.pem"), "hello\n");
    assertContains(refused(hostNode(tls(notPem, node.privateKey(), node.ca()).toArray(String[]::new))).err(),
        "perfsim: --cluster-tls-cert: " + notPem + " holds no PEM certificate");
    assertContains(refused(hostNode(tls(node.certificate(), notPem, node.ca()).toArray(String[]::new))).err(),
        "perfsim: --cluster-tls-key: " + notPem + " holds no RSA private key Pekko can read");
    assertContains(refused(hostNode(tls(node.certificate(), otherCaNode.privateKey(), node.ca())
        .toArray(String[]::new))).err(),
        "perfsim: --cluster-tls-key: " + otherCaNode.privateKey() + " is not the private key of the certificate");
    assertContains(refused(hostNode(tls(node.certificate(), node.privateKey(), otherCaNode.ca())
        .toArray(String[]::new))).err(),
        "perfsim: --cluster-tls-ca: " + node.certificate() + " is not signed by the CA in " + otherCaNode.ca());
  }

  @Test
  void anExpiredCertificateIsRefusedBeforeItFailsEveryHandshake() throws Exception {
    Path caDir = node.ca().getParent();
    Path expired = dir.resolve("expired.pem");
    Process p = new ProcessBuilder("openssl", "x509", "-req", "-in", caDir.resolve("node.csr").toString(), "-CA",
        node.ca().toString(), "-CAkey", caDir.resolve("ca.key").toString(), "-CAcreateserial", "-days", "-1",
        "-out", expired.toString()).redirectErrorStream(true).start();
    assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
    assertContains(refused(hostNode(tls(expired, node.privateKey(), node.ca()).toArray(String[]::new))).err(),
        "perfsim: --cluster-tls-cert: " + expired + " is not valid now (valid ");
  }

  @Test
  void anEcKeyIsRefusedBecausePekkosClusterTlsReadsRsaOnly() throws Exception {
    Path ec = dir.resolve("ec.key");
    Process p = new ProcessBuilder("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
        "-out", ec.toString()).redirectErrorStream(true).start();
    assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
    assertContains(refused(hostNode(tls(node.certificate(), ec, node.ca()).toArray(String[]::new))).err(),
        "perfsim: --cluster-tls-key: " + ec + " holds no RSA private key Pekko can read");
  }

  @Test
  void aFleetNodeConfigBoundBeyondLoopbackInPlaintextIsRefusedByItsConfigKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FleetNode.start(
        FleetNode.bind(ConfigFactory.load(), BEYOND_LOOPBACK, 0), List.of()));
    assertContains(e.getMessage(), "pekko.remote.artery.canonical.hostname: refusing to open the cluster port on "
        + BEYOND_LOOPBACK);
    // with TLS the same config passes the rule (it is Artery's bind that would fail here, not the check)
    ClusterTls.checkBind(FleetNode.bind(ConfigFactory.load(), BEYOND_LOOPBACK, 0, Optional.of(node)));
  }
}
