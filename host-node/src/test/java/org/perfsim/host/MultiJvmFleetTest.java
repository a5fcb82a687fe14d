package org.perfsim.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perfsim.session.HostSimulation;
import org.perfsim.session.Outcome;
import org.perfsim.session.SessionResult;

/**
 * Three JVMs on loopback: this one as the embedded node plus two {@link HostNodeMain} processes started on
 * the test classpath. They form one cluster and the fleet's hosts spread over them.
 */
class MultiJvmFleetTest {

  private static final int JVMS = 3;
  private static final List<Process> children = new ArrayList<>();
  private static EmbeddedFleet fleet;

  @BeforeAll
  static void formClusterOfThreeJvms() throws Exception {
    fleet = EmbeddedFleet.start(FleetConfig.load(), ConfigFactory.load());
    for (int i = 1; i < JVMS; i++) {
      children.add(launchHostNode(fleet.seedNode(), i));
    }
    fleet.awaitHostingNodes(JVMS, Duration.ofSeconds(90));
  }

  private static Process launchHostNode(String seed, int index) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    File log = Path.of("target", "multi-jvm-node-" + index + ".log").toFile();
    return new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
        System.getProperty("java.class.path"), HostNodeMain.class.getName(), "--exit-with-parent", seed)
        .redirectErrorStream(true)
        .redirectOutput(log)
        .start();
  }

  @AfterAll
  static void stopEveryJvm() throws InterruptedException {
    // children first, so they leave while the node that leads the cluster is still there to see them go
    children.forEach(Process::destroy);
    for (Process child : children) {
      if (!child.waitFor(20, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    }
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void everyHostAnswersAndHostsLiveOnMoreThanOneJvm() {
    List<HostEntity.Provisioned> provisioned = fleet.provision();

    assertEquals(fleet.config().hostProfiles().stream().map(HostProfile::hostId).toList(),
        provisioned.stream().map(HostEntity.Provisioned::hostId).toList());
    Set<String> jvms = provisioned.stream().map(HostEntity.Provisioned::nodeAddress).collect(Collectors.toSet());
    assertTrue(jvms.size() > 1, "all hosts on one JVM: " + provisioned);
  }

  @Test
  void aFleetWideSessionIsAnsweredByEveryHostOnEveryJvmExactlyAsInProcess() {
    List<HostProfile> hosts = fleet.config().hostProfiles();
    fleet.provision(hosts);
    List<String> argv = List.of("perf", "record", "-e", "cycles:p", "-ag", "--", "sleep", "1");
    List<String> arrived = new java.util.concurrent.CopyOnWriteArrayList<>();

    List<HostEntity.SessionFinished> results = fleet.runSession(hosts.stream().map(HostProfile::hostId).toList(),
        argv, java.util.Optional.empty(), 7, finished -> arrived.add(finished.hostId()));

    assertEquals(hosts.size(), arrived.size());
    Set<String> jvms = results.stream().map(HostEntity.SessionFinished::nodeAddress).collect(Collectors.toSet());
    assertEquals(JVMS, jvms.size(), "every JVM ran hosts: " + jvms);
    for (int i = 0; i < hosts.size(); i++) {
      SessionResult inProcess = new HostSimulation(hosts.get(i).toSpec(), 7 + i,
          fleet.config().step().toNanos()).run(argv, java.util.Optional.empty());
      assertEquals(inProcess, results.get(i).result(), "host " + hosts.get(i).hostId());
      assertEquals(Outcome.GUESTS_CRASHED, results.get(i).result().outcome());
    }
  }
}
