package org.perfsim.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@code perfsim ARGS} in its own JVM (the test classpath), as {@code java -jar perfsim.jar ARGS} runs it. */
final class CliProcess implements AutoCloseable {
  private final Process process;
  private final BufferedReader out;
  private final Path err;

  private CliProcess(Process process, Path err) {
    this.process = process;
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.err = err;
  }

  static CliProcess start(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"), "org.perfsim.cli.PerfsimCli"));
    command.addAll(List.of(args));
    Path err = Files.createTempFile("perfsim-cli", ".err");
    return new CliProcess(new ProcessBuilder(command).redirectError(err.toFile()).start(), err);
  }

  /** The next line of stdout, waiting at most {@code seconds}. */
  String readLine(long seconds) throws Exception {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).get(seconds, TimeUnit.SECONDS);
  }

  /** Sends SIGINT, as Ctrl-C in a terminal does ({@code Process.destroy} would send SIGTERM). */
  void interrupt() throws Exception {
    Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).inheritIO().start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill -INT " + process.pid() + " failed");
    }
  }

  /** Waits at most {@code seconds} for the exit status. */
  int waitFor(long seconds) throws Exception {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new AssertionError("perfsim did not exit within " + seconds + " s; stderr:\n" + stderr());
    }
    return process.exitValue();
  }

  /** The rest of stdout (after the process exited). */
  String restOfStdout() throws IOException {
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  String stderr() throws IOException {
    return Files.readString(err);
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    Files.deleteIfExists(err);
  }
}
