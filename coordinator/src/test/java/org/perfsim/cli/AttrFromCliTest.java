package org.perfsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.perfsim.coordinator.LoopbackCoordinator.assertContains;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code perfsim attr --from FILE|-}: the attr a real perf printed, and each kernel's verdict. perf 6.1's
 * cycles:P (precise_ip 3, exclude_guest 0, as its -vv block shows) is EOPNOTSUPP on an Ivy Bridge (max precise 2)
 * under every kernel; cycles:pp's block opens and hurts the guests of a 2012 kernel, never of a modern one.
 */
class AttrFromCliTest {
  /**
   * A 2012 perf's cycles:pp as perf -vv prints it (precise_ip 2, guests counted: no exclude_guest); perf 6.1's
   * own block differs in read_format (ID|LOST), which a 2012 kernel refuses as EINVAL before any precise rule.
   */
  static final String CYCLES_PP_COUNTING_GUESTS = String.join("\n",
      "Using CPUID GenuineIntel-6-3A-9",
      "------------------------------------------------------------",
      "perf_event_attr:",
      "  size                             128",
      "  { sample_period, sample_freq }   4000",
      "  sample_type                      IP|TID|TIME|PERIOD",
      "  read_format                      ID",
      "  disabled                         1",
      "  inherit                          1",
      "  freq                             1",
      "  enable_on_exec                   1",
      "  precise_ip                       2",
      "  sample_id_all                    1",
      "------------------------------------------------------------",
      "sys_perf_event_open: pid 6920  cpu 0  group_fd -1  flags 0x8", "");

  @TempDir
  Path dir;

  @Test
  void aPerfVerboseBlockFromAFileGetsEveryKernelsVerdict() throws Exception {
    Path file = dir.resolve("attr.txt");
    Files.writeString(file, CYCLES_PP_COUNTING_GUESTS);

    CliVerbsTest.Run r = CliVerbsTest.run("attr", "--from", file.toString(), "--cpu", "ivybridge");

    assertEquals(0, r.status(), r.err());
    assertContains(r.out(), "# attr from " + file + " (perf -vv block, 128 bytes)");
    assertContains(r.out(), "  precise_ip                       2");
    assertTrue(row(r.out(), "3.6").matches("3\\.6 +ivybridge +opened +2 +yes +hurt: PEBS records land in guest "
        + "memory"), r.out());
    assertTrue(row(r.out(), "3.7-rc").matches("3\\.7-rc +ivybridge +EOPNOTSUPP \\(.+\\) +- +- +-"), r.out());
    assertTrue(row(r.out(), "modern").matches("modern +ivybridge +opened +2 +yes +safe"), r.out());

    Files.writeString(file, CYCLES_PP_COUNTING_GUESTS.replace("ID\n", "ID|LOST\n"));
    CliVerbsTest.Run lost = CliVerbsTest.run("attr", "--from", file.toString(), "--cpu", "ivybridge");
    assertTrue(row(lost.out(), "3.6").matches("3\\.6 +ivybridge +EINVAL \\(read_format bits 0x10 unknown to Linux "
        + "3\\.6\\) +- +- +-"), lost.out());
  }

  @Test
  void anStraceLineFromStdinGetsEveryCpusVerdictAsJson() throws Exception {
    String strace = "perf_event_open({type=PERF_TYPE_HARDWARE, size=PERF_ATTR_SIZE_VER7, config=PERF_COUNT_HW_CPU_CYCLES,"
        + " sample_freq=4000, sample_type=PERF_SAMPLE_IP|PERF_SAMPLE_TID|PERF_SAMPLE_TIME|PERF_SAMPLE_PERIOD, "
        + "disabled=1, freq=1, precise_ip=1 /* constant skid */, exclude_guest=1, ...}, -1, 0, -1, "
        + "PERF_FLAG_FD_CLOEXEC) = 3\n";
    InputStream old = System.in;
    CliVerbsTest.Run r;
    try {
      System.setIn(new ByteArrayInputStream(strace.getBytes(StandardCharsets.UTF_8)));
      r = CliVerbsTest.run("attr", "--from", "-", "--json");
    } finally {
      System.setIn(old);
    }

    assertEquals(0, r.status(), r.err());
    assertContains(r.out(), "\"form\" : \"strace\"");
    assertContains(r.out(), "strace abbreviated the struct");
    assertEquals(7 * org.perfsim.cpu.CpuModel.values().length, r.out().split("\"kernel\"").length - 1, r.out());
    assertTrue(!r.out().contains("\"guests\" : \"hurt\""), "exclude_guest=1 hurts no guest:\n" + r.out());
  }

  @Test
  void badInputExitsTwoNamingTheLine() throws Exception {
    Path file = dir.resolve("bad.txt");
    Files.writeString(file, "perf_event_attr:\n  size 128\n  precise_ipp 2\n");

    CliVerbsTest.Run bad = CliVerbsTest.run("attr", "--from", file.toString());
    assertEquals(2, bad.status(), bad.err());
    assertContains(bad.err(), "--from " + file + ": line 3: unknown field 'precise_ipp'");

    CliVerbsTest.Run missing = CliVerbsTest.run("attr", "--from", dir.resolve("none").toString());
    assertEquals(2, missing.status(), missing.err());
    assertContains(missing.err(), "--from: no such file: " + dir.resolve("none"));

    CliVerbsTest.Run both = CliVerbsTest.run("attr", "--from", file.toString(), "-e", "cycles");
    assertEquals(2, both.status(), both.err());
  }

  private static String row(String out, String kernel) {
    List<String> rows = out.lines().filter(l -> l.startsWith(kernel + " ")).toList();
    assertEquals(1, rows.size(), out);
    return rows.get(0).strip();
  }
}
