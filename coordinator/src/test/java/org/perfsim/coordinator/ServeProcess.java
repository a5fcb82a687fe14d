package org.perfsim.coordinator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code perfsim serve} as its own JVM on loopback (free ports), as a user starts it: the test classpath's
 * CLI main, its stdout read for the addresses it logs. Closing sends SIGTERM, so the shutdown hook runs.
 */
public final class ServeProcess implements AutoCloseable {
  private static final Pattern GRPC = Pattern.compile("--target (127\\.0\\.0\\.1:\\d+)");
  private static final Pattern METRICS = Pattern.compile("metrics on (https?://\\S+/metrics)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Process process;
  private final String target;
  private final String metricsUrl;
  private final Path log;

  private ServeProcess(Process process, String target, String metricsUrl, Path log) {
    this.process = process;
    this.target = target;
    this.metricsUrl = metricsUrl;
    this.log = log;
  }

  /**
   * Starts {@code perfsim serve --bind 127.0.0.1 --grpc-port 0 --metrics-port 0 EXTRA...} (and a fresh
   * {@code --data-dir} unless EXTRA names a store); waits for its addresses.
   */
  public static ServeProcess start(String... extraArgs) throws IOException, TimeoutException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), "org.perfsim.cli.PerfsimCli",
        "serve", "--bind", "127.0.0.1", "--grpc-port", "0", "--metrics-port", "0"));
    command.addAll(List.of(extraArgs));
    if (!command.contains("--data-dir") && !command.contains("--store-url")) {
      // never the user's default store: each server of the tests keeps its sessions apart
      command.addAll(List.of("--data-dir", Files.createTempDirectory("perfsim-serve-data").toString()));
    }
    Path log = Files.createTempFile("perfsim-serve", ".err");
    Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
    CompletableFuture<String[]> addresses = CompletableFuture.supplyAsync(() -> readAddresses(process));
    try {
      String[] found = addresses.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (found[0] == null || found[1] == null) {
        throw new IllegalStateException("perfsim serve exited with " + process.waitFor() + " before listening:\n"
            + Files.readString(log));
      }
      return new ServeProcess(process, found[0], found[1], log);
    } catch (java.util.concurrent.ExecutionException | TimeoutException | RuntimeException e) {
      process.destroyForcibly();
      throw new TimeoutException("perfsim serve did not log its addresses within " + START_TIMEOUT.toSeconds()
          + " s (" + e + "); stderr:\n" + Files.readString(log));
    }
  }

  /** Reads stdout until both addresses are logged; the rest of stdout is drained so the process never blocks. */
  private static String[] readAddresses(Process process) {
    String[] found = new String[2];
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    try {
      String line;
      while ((found[0] == null || found[1] == null) && (line = out.readLine()) != null) {
        Matcher g = GRPC.matcher(line);
        Matcher m = METRICS.matcher(line);
        if (g.find()) {
          found[0] = g.group(1);
        }
        if (m.find()) {
          found[1] = m.group(1);
        }
      }
    } catch (IOException e) {
      return found;
    }
    Thread drain = new Thread(() -> {
      try {
        out.transferTo(java.io.Writer.nullWriter());
      } catch (IOException ignored) {
        // the process ended
      }
    }, "serve-stdout");
    drain.setDaemon(true);
    drain.start();
    return found;
  }

  /** {@code 127.0.0.1:PORT} of the gRPC server. */
  public String target() {
    return target;
  }

  /** {@code http://127.0.0.1:PORT/metrics}. */
  public String metricsUrl() {
    return metricsUrl;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** What the server wrote on stderr so far (for failure messages). */
  public String stderr() throws IOException {
    return Files.readString(log);
  }

  /** SIGTERM, then the exit status (143 when the JVM ended by the signal after its shutdown hooks). */
  public int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    return process.exitValue();
  }

  /** SIGKILL (what {@code kill -9} sends: no shutdown hook runs), then the exit status (137). */
  public int kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("perfsim serve outlived SIGKILL for 30 s");
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException, IOException {
    if (process.isAlive()) {
      stop();
    }
    Files.deleteIfExists(log);
  }
}
