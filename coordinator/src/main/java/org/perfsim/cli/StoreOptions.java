package org.perfsim.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.perfsim.coordinator.core.store.SessionStore;
import org.perfsim.coordinator.core.store.StoreException;
import org.perfsim.coordinator.store.JdbcSessionStore;
import picocli.CommandLine.Option;

/** Where {@code serve} keeps its sessions: embedded H2 under a data directory, or a PostgreSQL server. */
final class StoreOptions {
  static final String PASSWORD_VARIABLE = "PERFSIM_STORE_PASSWORD";

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "directory of the embedded session store (H2; created if missing; default "
          + "$XDG_DATA_HOME/perfsim, else ~/.local/share/perfsim)")
  Path dataDir;

  @Option(names = "--store-url", paramLabel = "JDBC_URL",
      description = "a shared store instead: jdbc:postgresql://HOST:PORT/DB (user from --store-user, password "
          + "from $" + PASSWORD_VARIABLE + " or --store-password-file; never logged)")
  String storeUrl;

  @Option(names = "--store-user", paramLabel = "USER", defaultValue = "${env:PERFSIM_STORE_USER}",
      description = "user of --store-url (default: $PERFSIM_STORE_USER)")
  String storeUser;

  @Option(names = "--store-password-file", paramLabel = "FILE",
      description = "file whose first line is the password of --store-url")
  Path storePasswordFile;

  /** The data directory when none is given: the XDG data home's {@code perfsim}. */
  static Path defaultDataDir(Map<String, String> environment) {
    String xdg = environment.getOrDefault("XDG_DATA_HOME", "");
    return (xdg.isEmpty() ? Path.of(System.getProperty("user.home"), ".local", "share") : Path.of(xdg))
        .resolve("perfsim");
  }

  /** Opens the store these options name; a BadChoice names the option at fault (never the password). */
  SessionStore open() {
    if (storeUrl == null) {
      Path dir = dataDir != null ? dataDir : defaultDataDir(System.getenv());
      try {
        Files.createDirectories(dir);
        return JdbcSessionStore.embedded(dir);
      } catch (IOException | StoreException e) {
        throw new Choices.BadChoice("--data-dir: cannot keep the session store in " + dir + ": " + e.getMessage());
      }
    }
    if (dataDir != null) {
      throw new Choices.BadChoice("--data-dir: give it or --store-url, not both");
    }
    if (!storeUrl.startsWith("jdbc:postgresql:") && !storeUrl.startsWith("jdbc:h2:")) {
      throw new Choices.BadChoice("--store-url: a jdbc:postgresql:// (or jdbc:h2:) URL, got "
          + storeUrl.split("\\?", 2)[0]);
    }
    try {
      return JdbcSessionStore.connect(storeUrl, new JdbcSessionStore.Credentials(
          storeUser == null ? "" : storeUser, password()));
    } catch (StoreException e) {
      throw new Choices.BadChoice("--store-url: " + e.getMessage());
    }
  }

  /** What the log says of the store: where it is, without credentials. */
  String describe() {
    if (storeUrl != null) {
      return "sessions stored in " + storeUrl.split("\\?", 2)[0];
    }
    return "sessions stored in " + (dataDir != null ? dataDir : defaultDataDir(System.getenv())).toAbsolutePath();
  }

  private String password() {
    if (storePasswordFile == null) {
      return System.getenv().getOrDefault(PASSWORD_VARIABLE, "");
    }
    try {
      return Files.readAllLines(storePasswordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("");
    } catch (IOException e) {
      throw new Choices.BadChoice("--store-password-file: cannot read " + storePasswordFile + ": " + e.getMessage());
    }
  }
}
