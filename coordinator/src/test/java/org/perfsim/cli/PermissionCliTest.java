package org.perfsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --paranoid} and {@code --caps} on run (the README's example), matrix and serve, end to end in-process. */
class PermissionCliTest {
  private static final String[] RECORD_SYSTEM_WIDE = {"--", "perf", "record", "-e", "cycles", "-a", "--", "sleep",
      "1"};

  private static CliVerbsTest.Run run(String... options) {
    String[] args = java.util.Arrays.copyOf(options, options.length + RECORD_SYSTEM_WIDE.length);
    System.arraycopy(RECORD_SYSTEM_WIDE, 0, args, options.length, RECORD_SYSTEM_WIDE.length);
    return CliVerbsTest.run(args);
  }

  private static List<String> outcomes(String out) {
    return out.lines().filter(l -> l.matches("host-\\d+ .*")).map(l -> l.trim().split(" +")[1]).toList();
  }

  @Test
  void withoutCapabilitiesEveryHostEndsEacces() {
    CliVerbsTest.Run r = run("run", "--fleet-hosts", "3", "--guests", "1", "--pcpus", "2", "--paranoid", "2",
        "--caps", "none");
    assertEquals(0, r.status(), r.err());
    assertEquals(List.of("eacces", "eacces", "eacces"), outcomes(r.out()), r.out());
  }

  @Test
  void capPerfmonLetsItRunOnAModernKernelButNotOnA2012One() {
    CliVerbsTest.Run modern = run("run", "--fleet-hosts", "2", "--guests", "1", "--pcpus", "2", "--kernel", "modern",
        "--paranoid", "2", "--caps", "perfmon");
    assertEquals(0, modern.status(), modern.err());
    assertTrue(outcomes(modern.out()).stream().allMatch(o -> o.startsWith("ok")), modern.out());
    CliVerbsTest.Run old = run("run", "--fleet-hosts", "2", "--guests", "1", "--pcpus", "2", "--paranoid", "2",
        "--caps", "perfmon");
    assertEquals(List.of("eacces", "eacces"), outcomes(old.out()), old.out());
  }

  @Test
  void explainNamesTheKernelFunction() {
    CliVerbsTest.Run r = run("run", "--fleet-hosts", "1", "--guests", "1", "--pcpus", "2", "--kernel", "modern",
        "--paranoid", "3", "--caps", "none", "--explain");
    assertEquals(List.of("eacces"), outcomes(r.out()), r.out());
    assertTrue(r.out().contains("perf_paranoid_any"), r.out());
  }

  @Test
  void badValuesExitTwoNamingTheOptionAndTheValidValues() {
    CliVerbsTest.Run caps = run("run", "--caps", "root");
    assertEquals(2, caps.status(), caps.err());
    assertTrue(caps.err().contains("--caps: unknown value 'root' (valid: none, perfmon, sys_admin)"), caps.err());
    CliVerbsTest.Run paranoid = run("run", "--paranoid", "4", "--caps", "none");
    assertEquals(2, paranoid.status(), paranoid.err());
    assertTrue(paranoid.err().contains("--paranoid: 4 is not a perf_event_paranoid level (valid: one of -1, 0, 1, "
        + "2, 3)"), paranoid.err());
    CliVerbsTest.Run matrix = CliVerbsTest.run("matrix", "--caps", "admin");
    assertEquals(2, matrix.status(), matrix.err());
    assertTrue(matrix.err().contains("--caps: unknown value 'admin'"), matrix.err());
    CliVerbsTest.Run serve = CliVerbsTest.run("serve", "--grpc-port", "0", "--metrics-port", "0", "--paranoid", "9");
    assertEquals(2, serve.status(), serve.err());
    assertTrue(serve.err().contains("--paranoid: 9 is not a perf_event_paranoid level"), serve.err());
  }

  @Test
  void matrixCellsTakeParanoidAndCaps() {
    CliVerbsTest.Run r = CliVerbsTest.run("matrix", "--perf-versions", "6.1", "--events", "cycles", "--kernels",
        "modern,3.6", "--paranoid", "2", "--caps", "perfmon", "--format", "csv");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith("6.1,modern,ivybridge,cycles,4,ok")), r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith("6.1,3.6,ivybridge,cycles,4,eacces,13")), r.out());
  }
}
