package org.perfsim.coordinator.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.perfsim.coordinator.core.SessionSummary.SessionState;
import org.perfsim.coordinator.core.store.ExperimentStore;
import org.perfsim.coordinator.core.store.FleetStore;
import org.perfsim.coordinator.core.store.SessionStore;
import org.perfsim.coordinator.core.store.StoreException;
import org.perfsim.coordinator.core.store.StoredSession;

/**
 * The session store, the fleet's definitions ({@link #fleet()}) and the experiment runs ({@link #experiments()}),
 * over JDBC: embedded H2 in a directory ({@link #embedded}) or a PostgreSQL server
 * ({@link #connect}), the schema brought up to date by Flyway's {@code db/migration} at open. Plain JDBC over
 * one connection (a coordinator writes one session change at a time, under that session's lock).
 */
public final class JdbcSessionStore implements SessionStore {
  /** The database file's name in a data directory (H2 adds {@code .mv.db}). */
  public static final String H2_FILE = "perfsim";

  private final String url;
  private final Credentials credentials;
  private Connection connection;
  private final FleetStore fleet = new JdbcFleetStore(this);
  private final ExperimentStore experiments = new JdbcExperimentStore(this);

  /** A user and password for the store; {@link #NONE} for the embedded one. Never printed. */
  public record Credentials(String user, String password) {
    public static final Credentials NONE = new Credentials("", "");

    @Override
    public String toString() {
      return "Credentials[user=" + user + "]";
    }
  }

  private JdbcSessionStore(String url, Credentials credentials) {
    this.url = url;
    this.credentials = credentials;
  }

  /**
   * The embedded H2 store in {@code dataDir} (created if missing). Every commit is written to the file at once
   * (WRITE_DELAY=0), so a killed coordinator loses no session change it had made.
   */
  public static JdbcSessionStore embedded(Path dataDir) {
    return connect("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve(H2_FILE)
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0", Credentials.NONE);
  }

  /** The store at {@code jdbcUrl} (jdbc:postgresql://... or jdbc:h2:...), migrated to the current schema. */
  public static JdbcSessionStore connect(String jdbcUrl, Credentials credentials) {
    JdbcSessionStore store = new JdbcSessionStore(jdbcUrl, credentials);
    try {
      Flyway.configure().dataSource(jdbcUrl, credentials.user(), credentials.password())
          .locations("classpath:db/migration").load().migrate();
      store.connection();
    } catch (FlywayException | SQLException e) {
      store.close();
      throw new StoreException("cannot open the session store " + safeUrl(jdbcUrl) + ": " + e.getMessage(), e);
    }
    return store;
  }

  /** The URL without its query part, where a password could have been put. */
  static String safeUrl(String jdbcUrl) {
    int query = jdbcUrl.indexOf('?');
    return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
  }

  private Connection connection() throws SQLException {
    if (connection == null || !connection.isValid(5)) {
      if (connection != null) {
        closeQuietly();
      }
      connection = credentials.user().isEmpty() ? DriverManager.getConnection(url)
          : DriverManager.getConnection(url, credentials.user(), credentials.password());
    }
    return connection;
  }

  @Override
  public FleetStore fleet() {
    return fleet;
  }

  @Override
  public ExperimentStore experiments() {
    return experiments;
  }

  /** Work on the connection as one transaction. */
  interface SqlWork {
    void run(Connection connection) throws SQLException;
  }

  /** Runs {@code work} as one transaction, under this store's lock; a failure is a StoreException saying {@code what}. */
  synchronized void inTransaction(String what, SqlWork work) {
    try {
      Connection c = connection();
      c.setAutoCommit(false);
      try {
        work.run(c);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failed(what, e);
    }
  }

  @Override
  public synchronized long nextSequence() {
    try (PreparedStatement next = connection().prepareStatement("SELECT nextval('perfsim_session_sequence')");
        ResultSet row = next.executeQuery()) {
      row.next();
      return row.getLong(1);
    } catch (SQLException e) {
      throw failed("cannot number a new session", e);
    }
  }

  @Override
  public synchronized void save(StoredSession session) {
    try {
      Connection c = connection();
      try (PreparedStatement update = c.prepareStatement(
          "UPDATE perfsim_session SET state = ?, api_view = ? WHERE sequence = ?")) {
        update.setString(1, session.state().name());
        update.setBytes(2, session.view());
        update.setLong(3, session.sequence());
        if (update.executeUpdate() == 1) {
          return;
        }
      }
      // a session is written by one coordinator only, so nobody inserts it between the update and this
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO perfsim_session (sequence, session_id, state, api_view) VALUES (?, ?, ?, ?)")) {
        insert.setLong(1, session.sequence());
        insert.setString(2, session.sessionId());
        insert.setString(3, session.state().name());
        insert.setBytes(4, session.view());
        insert.executeUpdate();
      }
    } catch (SQLException e) {
      throw failed("cannot write session " + session.sessionId(), e);
    }
  }

  @Override
  public synchronized List<StoredSession> newest(int limit) {
    List<StoredSession> newestFirst = new ArrayList<>();
    try (PreparedStatement query = connection().prepareStatement(
        "SELECT sequence, session_id, state, api_view FROM perfsim_session ORDER BY sequence DESC LIMIT ?")) {
      query.setInt(1, limit);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          newestFirst.add(new StoredSession(rows.getLong(1), rows.getString(2), SessionState.valueOf(rows.getString(3)),
              rows.getBytes(4)));
        }
      }
    } catch (SQLException e) {
      throw failed("cannot read the sessions", e);
    }
    Collections.reverse(newestFirst);
    return newestFirst;
  }

  private StoreException failed(String what, SQLException e) {
    return new StoreException(what + " in " + safeUrl(url) + ": " + e.getMessage(), e);
  }

  @Override
  public synchronized void close() {
    closeQuietly();
  }

  private void closeQuietly() {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException ignored) {
      // closing: nothing left to save
    } finally {
      connection = null;
    }
  }
}
