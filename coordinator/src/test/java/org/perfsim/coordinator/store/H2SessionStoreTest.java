package org.perfsim.coordinator.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The session store contract on the embedded H2 of {@code serve --data-dir}. */
class H2SessionStoreTest extends SessionStoreContract {
  @TempDir
  static Path dataDir;

  @Override
  JdbcSessionStore open() {
    return JdbcSessionStore.embedded(dataDir);
  }
}
