package org.perfsim.deploy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Prometheus' own checker, {@code promtool}, when it is installed (Debian: {@code apt-get install prometheus}). */
public final class Promtool {

  /** What to tell a reader when promtool is absent. */
  public static final String MISSING = "promtool is not on PATH: the Prometheus config and rule checks are SKIPPED."
      + " Install it with `apt-get install prometheus` (Debian's prometheus package provides promtool).";

  /** Outcome of one promtool run: its exit code and stdout and stderr together. */
  public record Result(int exitCode, String output) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  private final Path executable;

  private Promtool(Path executable) {
    this.executable = executable;
  }

  /** promtool from the first PATH directory that has an executable one. */
  public static Optional<Promtool> onPath() {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, "promtool"))
        .filter(Files::isExecutable)
        .findFirst()
        .map(Promtool::new);
  }

  /**
   * Runs {@code promtool ARGS} in {@code workDir}, waiting at most 30 s.
   *
   * @throws IllegalStateException when it does not finish in time (it is killed first)
   */
  public Result run(Path workDir, String... args) {
    List<String> command = new ArrayList<>(List.of(executable.toString()));
    command.addAll(List.of(args));
    Path log = null;
    try {
      // output goes to a file so that a hung promtool cannot block a pipe read past the time limit
      log = Files.createTempFile("promtool", ".log");
      Process process = new ProcessBuilder(command).directory(workDir.toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("promtool did not finish in 30 s: " + command);
      }
      return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    } finally {
      deleteQuietly(log);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a leftover temp file is harmless; the result matters
    }
  }
}
