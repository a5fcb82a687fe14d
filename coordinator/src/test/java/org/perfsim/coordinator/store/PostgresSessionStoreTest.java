package org.perfsim.coordinator.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The session store contract on a real PostgreSQL of the test's own (loopback, password). */
class PostgresSessionStoreTest extends SessionStoreContract {
  private static PostgresCluster postgres;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = PostgresCluster.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Override
  JdbcSessionStore open() {
    return JdbcSessionStore.connect(postgres.jdbcUrl(), postgres.credentials());
  }
}
