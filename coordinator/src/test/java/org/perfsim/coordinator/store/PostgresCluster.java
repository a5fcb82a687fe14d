package org.perfsim.coordinator.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL (Debian's {@code postgresql} package) of the test's own: a fresh cluster in a temporary
 * directory, listening on loopback only at a free port, with a password-protected user; stopped and deleted by
 * {@link #close}. As root it runs as the {@code postgres} user (initdb refuses root). No binaries: it fails, it
 * does not skip (CI installs them).
 */
public final class PostgresCluster implements AutoCloseable {
  public static final String USER = "perfsim";
  public static final String PASSWORD = "perfsim-test-password";
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

  private final Path bin;
  private final Path dir;
  private final int port;

  private PostgresCluster(Path bin, Path dir, int port) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
  }

  /** initdb, then pg_ctl start; waits until the server accepts connections (pg_ctl -w, bounded). */
  public static PostgresCluster start() throws IOException, InterruptedException {
    Path bin = binaries();
    Path dir = Files.createTempDirectory("perfsim-pg");
    Files.writeString(dir.resolve("pwfile"), PASSWORD + "\n", StandardCharsets.UTF_8);
    if (ROOT) {
      run(List.of("chown", "-R", "postgres", dir.toString()));
    }
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    PostgresCluster cluster = new PostgresCluster(bin, dir, port);
    cluster.asPostgres(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", USER,
        "--pwfile=" + dir.resolve("pwfile"), "--auth=scram-sha-256", "--no-sync", "-E", "UTF8"));
    cluster.asPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-t", "60",
        "-l", dir.resolve("log").toString(), "-o", "-c listen_addresses=127.0.0.1 -p " + port
            + " -c unix_socket_directories=" + dir + " -c fsync=off", "start"));
    return cluster;
  }

  /** The newest installed /usr/lib/postgresql/N/bin; fails with what to install when there is none. */
  static Path binaries() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(root)) {
      try (Stream<Path> versions = Files.list(root)) {
        var found = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
            .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))));
        if (found.isPresent()) {
          return found.get();
        }
      }
    }
    throw new IllegalStateException("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): "
        + "apt-get install postgresql (.ci/run does)");
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  public JdbcSessionStore.Credentials credentials() {
    return new JdbcSessionStore.Credentials(USER, PASSWORD);
  }

  private void asPostgres(List<String> command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (ROOT) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    run(full);
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + new String(out, StandardCharsets.UTF_8));
    }
  }

  /** pg_ctl stop (immediate: the data is thrown away), then the directory goes. */
  @Override
  public void close() throws IOException, InterruptedException {
    try {
      asPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
          "-w", "stop"));
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
