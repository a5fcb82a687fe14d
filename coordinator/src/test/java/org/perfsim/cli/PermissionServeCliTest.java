package org.perfsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perfsim.api.v1.ListHostsRequest;
import org.perfsim.coordinator.LoopbackCoordinator;

/** {@code serve --paranoid 3} (Debian's level) provisions its hosts so; {@code run --target --caps} runs on them. */
class PermissionServeCliTest {
  @RegisterExtension
  static final LoopbackCoordinator server = LoopbackCoordinator.perClass("--hosts", "2", "--guests", "1",
      "--pcpus", "2", "--kernel", "modern", "--paranoid", "3");

  private static List<String> outcomes(String caps) {
    CliVerbsTest.Run r = CliVerbsTest.run("run", "--target", server.target(), "--caps", caps, "--", "perf",
        "record", "-e", "cycles:u", "--", "sleep", "1");
    assertEquals(0, r.status(), r.err());
    return r.out().lines().filter(l -> l.matches("host-\\d+ .*")).map(l -> l.trim().split(" +")[1]).toList();
  }

  @Test
  void theServersHostsAreAtLevelThree() {
    server.fleet().listHosts(ListHostsRequest.getDefaultInstance()).getHostsList()
        .forEach(h -> assertEquals(3, h.getPerfEventParanoid(), h.getHostId()));
  }

  @Test
  void levelThreeRefusesEvenAUserOnlyPerTaskEventWithoutCapabilities() {
    assertEquals(List.of("eacces", "eacces"), outcomes("none"));
  }

  @Test
  void capPerfmonOpensAtLevelThree() {
    assertTrue(outcomes("perfmon").stream().allMatch(o -> o.startsWith("ok")));
  }
}
