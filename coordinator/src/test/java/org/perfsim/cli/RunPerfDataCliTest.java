package org.perfsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.perfsim.coordinator.LoopbackCoordinator.assertContains;

import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.perfsim.api.v1.HostSessionResult;
import org.perfsim.api.v1.Session;
import org.perfsim.coordinator.LoopbackCoordinator;

/**
 * {@code perfsim run --perf-data DIR}: every host's session comes back as DIR/HOST.perf.data, which the installed
 * perf reads without a word on stderr and splits into the same host and guest samples perfsim reports; a bounded
 * file says so on the CLI; bad options exit 2 naming the option.
 */
class RunPerfDataCliTest {
  private static final Path PERF = Path.of("/usr/bin/perf");
  private static final Pattern BY_COMM = Pattern.compile("^\\s*[\\d.]+%\\s+(\\d+)\\s+(\\S+)\\s*$", Pattern.MULTILINE);

  @RegisterExtension
  static final LoopbackCoordinator server = LoopbackCoordinator.perClass("--hosts", "2", "--guests", "2",
      "--pcpus", "2");

  @TempDir
  Path dir;

  @Test
  void eachHostsFileHoldsItsSamplesAsPerfReadsThem() throws Exception {
    Path out = dir.resolve("files");
    CliVerbsTest.Run r = CliVerbsTest.run("run", "--target", server.target(), "--perf-data", out.toString(),
        "--json", "--", "perf", "record", "-e", "cycles:k", "-a", "--", "sleep", "0.2");

    assertEquals(0, r.status(), r.err());
    Session.Builder session = Session.newBuilder();
    JsonFormat.parser().merge(r.out(), session);
    assertEquals(2, session.getHostResultsCount());
    for (HostSessionResult host : session.getHostResultsList()) {
      Path file = out.resolve(host.getHostId() + ".perf.data");
      long samples = host.getSamplesHost() + host.getSamplesPerGuestMap().values().stream()
          .mapToLong(Long::longValue).sum();
      assertContains(r.err(), "perf.data: " + file + " (" + Files.size(file) + " bytes; all " + samples
          + " samples written; ");
      assertTrue(host.getPerfData().isEmpty(), "the printed session does not repeat the file's bytes");
      if (Files.isExecutable(PERF)) {
        List<String> perf = perf("kvm", "--host", "--guest", "report", "--stdio", "-n", "--sort", "comm", "-i",
            file.toString());
        assertEquals("", perf.get(1).strip(), "perf's stderr");
        long hostTask = 0;
        long guestThreads = 0;
        Matcher m = BY_COMM.matcher(perf.get(0));
        while (m.find()) {
          if (m.group(2).equals("host-task")) {
            hostTask += Long.parseLong(m.group(1));
          } else {
            guestThreads += Long.parseLong(m.group(1));
          }
        }
        assertEquals(host.getSamplesHost(), hostTask, perf.get(0));
        assertEquals(samples - host.getSamplesHost(), guestThreads, perf.get(0));
      }
    }
  }

  @Test
  void aBoundedFileSaysHowManySamplesItHoldsOfHowMany() throws Exception {
    CliVerbsTest.Run r = CliVerbsTest.run("run", "--target", server.target(), "--hosts", "host-0", "--perf-data",
        dir.toString(), "--perf-data-samples", "5", "--", "perf", "record", "-e", "cycles", "-a", "--", "sleep",
        "0.1");

    assertEquals(0, r.status(), r.err());
    assertTrue(Pattern.compile("perf\\.data: " + Pattern.quote(dir.resolve("host-0.perf.data").toString())
        + " \\(\\d+ bytes; first 5 samples per CPU of \\d+ written; host user \\d+, host kernel \\d+, guest user 0, "
        + "guest kernel 0\\)").matcher(r.out()).find(), r.out());
  }

  @Test
  void samplesWithoutADirectoryOrBelowOneAreRefused() {
    CliVerbsTest.Run noDir = CliVerbsTest.run("run", "--target", server.target(), "--perf-data-samples", "5", "--",
        "perf", "record", "-a", "--", "sleep", "0.1");
    assertEquals(2, noDir.status(), noDir.err());
    assertContains(noDir.err(), "--perf-data-samples: applies to --perf-data DIR, which is missing");

    CliVerbsTest.Run zero = CliVerbsTest.run("run", "--target", server.target(), "--perf-data", dir.toString(),
        "--perf-data-samples", "0", "--", "perf", "record", "-a", "--", "sleep", "0.1");
    assertEquals(2, zero.status(), zero.err());
    assertContains(zero.err(), "perf_data_max_samples_per_cpu");
  }

  /** stdout and stderr of {@code /usr/bin/perf args}. */
  private static List<String> perf(String... args) throws IOException, InterruptedException {
    Assumptions.assumeTrue(Files.isExecutable(PERF));
    List<String> command = new ArrayList<>(List.of(PERF.toString()));
    command.addAll(List.of(args));
    Path stdout = Files.createTempFile("perf", ".out");
    Path stderr = Files.createTempFile("perf", ".err");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    builder.environment().put("LC_ALL", "C");
    builder.environment().put("PERF_CONFIG_NOSYSTEM", "1");
    builder.environment().put("PERF_CONFIG_NOGLOBAL", "1");
    builder.environment().put("PERF_PAGER", "cat");
    Process p = builder.start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "perf did not finish in 60 s");
    assertEquals(0, p.exitValue(), Files.readString(stderr));
    return List.of(Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8));
  }
}
