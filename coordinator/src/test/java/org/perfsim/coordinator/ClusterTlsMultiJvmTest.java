package org.perfsim.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perfsim.access.ClusterTls;
import org.perfsim.api.v1.Argv;
import org.perfsim.api.v1.FleetServiceGrpc;
import org.perfsim.api.v1.HostSelector;
import org.perfsim.api.v1.HostSessionResult;
import org.perfsim.api.v1.ProvisionHostsRequest;
import org.perfsim.api.v1.SessionServiceGrpc;
import org.perfsim.api.v1.SessionUpdate;
import org.perfsim.api.v1.StartSessionRequest;
import org.perfsim.host.HostNodeMain;

/**
 * The cluster port under mutual TLS, four JVMs besides this one on loopback: this JVM runs the coordinator over
 * a fleet node whose certificate CA A signed; a {@link HostNodeMain} and a {@code perfsim host-node} with CA A's
 * certificates join, and a fleet-wide session is answered from all three nodes. A node with a certificate of
 * another CA (same subject name), one of CA A that shares no subject name with the others, and a plaintext
 * {@code perfsim host-node} never become members: each gives up (its join bound, shortened) without this
 * cluster ever seeing it.
 */
class ClusterTlsMultiJvmTest {

  private static final Duration BOUND = Duration.ofSeconds(120);
  /** The rogue nodes' join bound: long enough for many join attempts, short enough for the test. */
  private static final String ROGUE_JOIN_BOUND = "20s";

  @TempDir static Path dir;
  private static TestCertificates caA;
  private static EmbeddedCoordinator coordinator;
  private static ManagedChannel channel;
  private static final List<Process> children = new ArrayList<>();
  private static final List<String> membershipLines = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void formATlsClusterOfThreeJvms() throws Exception {
    caA = TestCertificates.create(Files.createDirectories(dir.resolve("ca-a")));
    // what serve --cluster-tls-* starts: gRPC on Netty, the fleet node seated with cluster TLS
    coordinator = EmbeddedCoordinator.start(CoordinatorServer.Options.defaults("127.0.0.1", 0),
        new EmbeddedCoordinator.InitialFleet(0, 1, "ivybridge", "3.6", "3.6", 1),
        new EmbeddedCoordinator.ClusterSeat("127.0.0.1", 0, List.of(), Optional.of(caA.clusterNode("coordinator"))));
    coordinator.fleet().node().onMembership(change -> membershipLines.add(change.line()));
    channel = ManagedChannelBuilder.forTarget(coordinator.server().target()).usePlaintext().build();
    String seed = coordinator.fleet().seedNode();
    children.add(hostNodeMain("trusted-main", seed, tlsArgs(caA.clusterNode("node-1"))));
    children.add(cli("trusted-cli", List.of("host-node", "--seed-nodes", seed), tlsArgs(caA.clusterNode("node-2"))));
    coordinator.fleet().awaitHostingNodes(3, BOUND);
  }

  @AfterAll
  static void stopEveryJvm() throws InterruptedException {
    children.forEach(Process::destroy);
    for (Process child : children) {
      if (!child.waitFor(20, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    }
    if (channel != null) {
      channel.shutdownNow();
    }
    if (coordinator != null) {
      coordinator.close();
    }
  }

  private static List<String> tlsArgs(ClusterTls tls) {
    return List.of("--cluster-tls-cert", tls.certificate().toString(), "--cluster-tls-key",
        tls.privateKey().toString(), "--cluster-tls-ca", tls.ca().toString());
  }

  private static Process hostNodeMain(String name, String seed, List<String> extra, String... jvmOptions)
      throws IOException {
    List<String> args = new ArrayList<>(List.of("--port", String.valueOf(freePort()), "--exit-with-parent"));
    args.addAll(extra);
    args.add(seed);
    return java(name, HostNodeMain.class.getName(), args, jvmOptions);
  }

  private static Process cli(String name, List<String> verb, List<String> extra, String... jvmOptions)
      throws IOException {
    List<String> args = new ArrayList<>(verb);
    args.addAll(extra);
    return java(name, "org.perfsim.cli.PerfsimCli", args, jvmOptions);
  }

  private static Process java(String name, String main, List<String> args, String... jvmOptions) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1"));
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
    command.addAll(args);
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(name).toFile()).start();
  }

  private static Path log(String name) {
    return Path.of("target", "cluster-tls-" + name + ".log");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void nodesWithCertificatesOfTheSameCaAnswerAFleetWideSessionFromEveryNode() {
    FleetServiceGrpc.newBlockingStub(channel).withDeadlineAfter(BOUND.toSeconds(), TimeUnit.SECONDS)
        .provisionHosts(ProvisionHostsRequest.newBuilder().setCount(9).setGuestsPerHost(1).setPcpus(1).build());
    Iterator<SessionUpdate> updates = SessionServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(BOUND.toSeconds(), TimeUnit.SECONDS)
        .startSession(StartSessionRequest.newBuilder().setHosts(HostSelector.newBuilder().setAll(true))
            .setArgv(Argv.newBuilder().addAllArgs(List.of("perf", "record", "-e", "cycles", "-a", "--", "sleep", "1")))
            .build());
    List<HostSessionResult> results = new ArrayList<>();
    updates.forEachRemaining(update -> {
      if (update.hasHostResult()) {
        results.add(update.getHostResult());
      }
    });

    assertEquals(9, results.size());
    for (HostSessionResult host : results) {
      assertEquals("", host.getNodeError(), host.getHostId());
      assertEquals(0, host.getPerfExitStatus(), host.getHostId() + ": " + host.getPerfMessage());
    }
    Set<String> nodes = results.stream().map(HostSessionResult::getNodeAddress).collect(Collectors.toSet());
    assertEquals(3, nodes.size(), "every node answered: " + nodes);
  }

  @Test
  void aNodeOfAnotherCaOneSharingNoNameAndAPlaintextNodeNeverJoin() throws Exception {
    ClusterTls otherCa = TestCertificates.create(Files.createDirectories(dir.resolve("ca-b"))).clusterNode("rogue");
    ClusterTls otherName = caA.clusterNode("stranger", "someone-else");
    String seed = coordinator.fleet().seedNode();
    String shortJoin = "-Dperfsim.fleet.ask-timeout=" + ROGUE_JOIN_BOUND;
    int otherCaPort = freePort();
    int otherNamePort = freePort();
    int plaintextPort = freePort();
    Process foreign = java("other-ca", HostNodeMain.class.getName(), List.of("--port", String.valueOf(otherCaPort),
        "--exit-with-parent", "--cluster-tls-cert", otherCa.certificate().toString(), "--cluster-tls-key",
        otherCa.privateKey().toString(), "--cluster-tls-ca", otherCa.ca().toString(), seed), shortJoin);
    children.add(foreign);
    List<String> strangerArgs = new ArrayList<>(List.of("--port", String.valueOf(otherNamePort), "--exit-with-parent"));
    strangerArgs.addAll(tlsArgs(otherName));
    strangerArgs.add(seed);
    Process stranger = java("other-name", HostNodeMain.class.getName(), strangerArgs, shortJoin);
    children.add(stranger);
    Process plaintext = cli("plaintext", List.of("host-node", "--port", String.valueOf(plaintextPort),
        "--seed-nodes", seed), List.of(), shortJoin);
    children.add(plaintext);

    // each gives up once its join bound has passed: the bounded condition this test waits for
    assertTrue(foreign.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS), "the other CA's node still runs");
    assertTrue(plaintext.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS), "the plaintext node still runs");
    assertTrue(stranger.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS), "the node sharing no name still runs");

    String foreignLog = Files.readString(log("other-ca"));
    String plaintextLog = Files.readString(log("plaintext"));
    assertNotEquals(0, foreign.exitValue(), foreignLog);
    assertNotEquals(0, plaintext.exitValue(), plaintextLog);
    String strangerLog = Files.readString(log("other-name"));
    assertNotEquals(0, stranger.exitValue(), strangerLog);
    assertFalse(strangerLog.contains("host-node up at"), strangerLog);
    assertTrue(strangerLog.contains("None of the peer subject names"), strangerLog);
    assertFalse(foreignLog.contains("host-node up at"), foreignLog);
    assertTrue(foreignLog.contains("SSLHandshakeException: PKIX path validation failed"), foreignLog);
    assertTrue(plaintextLog.contains("could not join the cluster through " + seed), plaintextLog);
    for (int port : List.of(otherCaPort, otherNamePort, plaintextPort)) {
      assertTrue(membershipLines.stream().noneMatch(line -> line.contains("127.0.0.1:" + port)),
          "the cluster saw the node on port " + port + ": " + membershipLines);
    }
    assertEquals(3, coordinator.fleet().node().hostingNodes(Duration.ofSeconds(30)).size(), "still three members");
  }
}
