package org.perfsim.groundtruth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The perf binary installed on this machine (Debian's linux-perf 6.1), run as ground truth.
 *
 * <p>Give it an argv (everything after {@code perf}); get back a {@link PerfRun}: exit status, raw
 * stdout/stderr, every {@code perf_event_attr:} block that {@code -vv} printed and perf's event
 * syntax error if it reported one. Tests that need the binary call {@link #assumeAvailable()}, which
 * skips them loudly where it is missing.
 *
 * <p>The environment is pinned so that output does not depend on the caller's terminal or config:
 * {@code COLUMNS} and {@code LINES} are removed and stdout is a file, so perf formats syntax errors
 * for its default 80 columns; {@code LC_ALL=C}; the user's and the system's perfconfig are ignored.
 */
public final class InstalledPerf {

  public static final Path PERF = Path.of("/usr/bin/perf");
  public static final String VERSION_PREFIX = "perf version 6.1";
  public static final Duration TIMEOUT = Duration.ofSeconds(60);
  public static final String SKIP_NOTICE =
      "*** SKIPPED: perf 6.1 ground-truth test: /usr/bin/perf (linux-perf 6.1) not installed ***";

  private static volatile Boolean available;

  private InstalledPerf() {}

  /** True when {@code /usr/bin/perf} exists and {@code perf --version} reports 6.1. */
  public static boolean available() {
    Boolean known = available;
    if (known == null) {
      known = probeVersion();
      available = known;
    }
    return known;
  }

  /** Skips the calling test (JUnit assumption) with a loud line on stderr when perf 6.1 is absent. */
  public static void assumeAvailable() {
    if (!available()) {
      System.err.println(SKIP_NOTICE);
    }
    Assumptions.assumeTrue(available(), SKIP_NOTICE);
  }

  /** {@code perf record -vv -e EVENTS -o /dev/null -- true}: the command the reference documents. */
  public static PerfRun recordEvents(String events) {
    return run(recordArgv(events));
  }

  /**
   * The record command line for {@code events}, with {@code extraOptions} placed before {@code -o}.
   * {@code --no-bpf-event} is a useful extra when only event-derived fields matter: without it perf
   * 6.1 spends about a second on its BPF side-band thread per successful fallback run.
   */
  public static List<String> recordArgv(String events, String... extraOptions) {
    List<String> argv = new ArrayList<>(List.of("record", "-vv", "-e", events));
    argv.addAll(List.of(extraOptions));
    argv.addAll(List.of("-o", "/dev/null", "--", "true"));
    return List.copyOf(argv);
  }

  /** {@code perf stat -vv -e EVENTS -- true}. */
  public static PerfRun statEvents(String events) {
    return run(List.of("stat", "-vv", "-e", events, "--", "true"));
  }

  public static PerfRun run(String... args) {
    return run(List.of(args));
  }

  /**
   * Runs {@code /usr/bin/perf args...} with a {@link #TIMEOUT}. A run that does not finish in time is
   * killed and reported as an {@link IllegalStateException}: without complete output there is no
   * ground truth to compare with.
   */
  public static PerfRun run(List<String> args) {
    return run(List.of(), args);
  }

  /** {@code setpriv}, which drops root to nobody with no capabilities (util-linux). */
  public static final Path SETPRIV = Path.of("/usr/bin/setpriv");

  /**
   * Runs perf as a user without capabilities: as nobody through {@link #SETPRIV} (all capabilities dropped)
   * when the tests run as root, else as the tests' own user. Skips the test when root cannot drop them.
   */
  public static PerfRun runWithoutCapabilities(List<String> args) {
    boolean root = "root".equals(System.getProperty("user.name"));
    Assumptions.assumeTrue(!root || Files.isExecutable(SETPRIV), "no " + SETPRIV + " to drop root's capabilities");
    return run(root ? List.of(SETPRIV.toString(), "--reuid=65534", "--regid=65534", "--clear-groups",
        "--inh-caps=-all") : List.of(), args);
  }

  private static PerfRun run(List<String> prefix, List<String> args) {
    List<String> command = new ArrayList<>(prefix);
    command.add(PERF.toString());
    command.addAll(args);
    try {
      Path out = Files.createTempFile("perfsim-perf-", ".out");
      Path err = Files.createTempFile("perfsim-perf-", ".err");
      try {
        int exit = runToFiles(command, out, err);
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        return PerfRun.of(List.copyOf(args), exit, stdout, stderr);
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    }
  }

  private static int runToFiles(List<String> command, Path out, Path err) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    pinEnvironment(builder.environment());
    Process process = builder.start();
    try {
      if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        throw new IllegalStateException("perf did not finish within " + TIMEOUT + ": " + command
            + "\n" + Files.readString(err, StandardCharsets.UTF_8));
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }

  private static void pinEnvironment(Map<String, String> env) {
    env.remove("COLUMNS");
    env.remove("LINES");
    env.remove("PERF_EXEC_PATH");
    env.put("LC_ALL", "C");
    env.put("PERF_CONFIG_NOSYSTEM", "1");
    env.put("PERF_CONFIG_NOGLOBAL", "1");
    env.put("PERF_PAGER", "cat");
  }

  private static boolean probeVersion() {
    if (!Files.isExecutable(PERF)) {
      return false;
    }
    try {
      PerfRun version = run("--version");
      return version.exitCode() == 0 && version.stdout().startsWith(VERSION_PREFIX);
    } catch (RuntimeException e) {
      return false;
    }
  }
}
