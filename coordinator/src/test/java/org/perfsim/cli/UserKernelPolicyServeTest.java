package org.perfsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.perfsim.coordinator.LoopbackCoordinator.assertContains;
import static org.perfsim.coordinator.LoopbackCoordinator.refused;

import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perfsim.api.v1.AbiCheckRequest;
import org.perfsim.api.v1.AbiCheckResponse;
import org.perfsim.api.v1.Host;
import org.perfsim.api.v1.ProvisionHostsRequest;
import org.perfsim.coordinator.LoopbackCoordinator;
import org.perfsim.deploy.DeployFiles;

/**
 * A user kernel policy on a fleet: {@code perfsim serve --kernel-policy-file} (a serve JVM on loopback) runs its
 * hosts under it, provisions more under it through the API, and checks it with AbiCheck; {@code run} without
 * --target does the same in process.
 */
class UserKernelPolicyServeTest {
  private static final String POLICY_FILE = DeployFiles.locate().root()
      .resolve("examples/kernel-policies/proposed-include-guest.yaml").toAbsolutePath().toString();
  private static final String[] PRECISE_RECORD = RunTargetCliTest.PRECISE_RECORD;

  @RegisterExtension
  static final LoopbackCoordinator server = LoopbackCoordinator.perClass("--kernel-policy-file", POLICY_FILE,
      "--kernel", "proposed-include-guest", "--hosts", "2", "--guests", "2", "--pcpus", "2");

  private static String[] with(String[] head, String... tail) {
    String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }

  /** The rows of a run's per-host table: host id and outcome. */
  private static List<String> outcomes(String out) {
    return out.lines().filter(l -> l.matches("host-\\d+ +[a-z-]+ .*")).map(l -> String.join(" ",
        List.of(l.trim().split(" +")).subList(0, 2))).toList();
  }

  @Test
  void theServersHostsRunThePolicyAndPerf36sPreciseEventBacksOffToTheHost() {
    CliVerbsTest.Run hosts = CliVerbsTest.run("hosts", "--target", server.target());
    assertEquals(0, hosts.status(), hosts.err());
    assertEquals(2, hosts.out().lines().filter(l -> l.matches("host-\\d +ivybridge +proposed-include-guest .*"))
        .count(), hosts.out());

    CliVerbsTest.Run r = CliVerbsTest.run(with(new String[] {"run", "--target", server.target(), "--perf-version",
        "3.6"}, PRECISE_RECORD));
    assertEquals(0, r.status(), r.err());
    assertEquals(List.of("host-0 ok-host-only", "host-1 ok-host-only"), outcomes(r.out()));
  }

  @Test
  void provisionHostsTakesTheServersUserPolicyAndListsItAmongTheValidOnes() {
    List<Host> more = server.fleet().provisionHosts(ProvisionHostsRequest.newBuilder().setCount(1)
        .putLabels("suite", "user-policy").setGuestsPerHost(1).setPcpus(1).setKernelPolicy("Proposed-Include-Guest")
        .build()).getHostsList();
    assertEquals("proposed-include-guest", more.get(0).getKernelPolicy());

    LoopbackCoordinator.Refusal bad = refused(Status.Code.INVALID_ARGUMENT, () -> server.fleet().provisionHosts(
        ProvisionHostsRequest.newBuilder().setCount(1).setKernelPolicy("proposed").build()));
    assertEquals("kernel_policy", bad.field());
    assertContains(bad.message(), "unknown kernel policy 'proposed' (valid: 3.6, 3.7-rc, 3.8, include-guest, "
        + "modern, 2026-pre, 2026-fix, proposed-include-guest)");
  }

  @Test
  void abiCheckKnowsTheServersUserPolicyWithoutARequestDefinition() {
    AbiCheckResponse r = server.abi().abiCheck(AbiCheckRequest.newBuilder().setFrom("3.6")
        .setTo("proposed-include-guest").build());
    assertEquals(false, r.getRegression());
    assertEquals(2, r.getFixesCount());
  }

  @Test
  void runWithoutTargetProvisionsItsEmbeddedFleetUnderAUserPolicy() {
    CliVerbsTest.Run r = CliVerbsTest.run(with(new String[] {"run", "--kernel-policy-file", POLICY_FILE,
        "--kernel", "proposed-include-guest", "--fleet-hosts", "1", "--guests", "2", "--pcpus", "2",
        "--perf-version", "3.6"}, PRECISE_RECORD));
    assertEquals(0, r.status(), r.err());
    assertEquals(List.of("host-0 ok-host-only"), outcomes(r.out()));

    CliVerbsTest.Run unknown = CliVerbsTest.run(with(new String[] {"run", "--kernel", "proposed-include-guest",
        "--fleet-hosts", "1"}, PRECISE_RECORD));
    assertEquals(PerfsimCli.USAGE_ERROR, unknown.status());
    assertContains(unknown.err(), "perfsim: --kernel: unknown value 'proposed-include-guest' (valid: 3.6,");
  }
}
