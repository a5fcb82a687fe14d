package org.perfsim.coordinator.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.perfsim.coordinator.core.store.ExperimentStore;
import org.perfsim.coordinator.core.store.StoredExperiment;
import org.perfsim.coordinator.core.store.StoredExperiment.Results;

/**
 * The experiment runs in the same database as the sessions (table {@code perfsim_experiment}, Flyway's V3): one
 * row per run, free texts as UTF-8 bytes, over the session store's connection and lock.
 */
final class JdbcExperimentStore implements ExperimentStore {
  private static final String SUMMARY_COLUMNS =
      "sequence, experiment_id, status, file_name, title, start_millis, end_millis, error";
  private static final String RESULT_COLUMNS = "resolved_yaml, journal_json, run_json, report_json";

  private final JdbcSessionStore database;

  JdbcExperimentStore(JdbcSessionStore database) {
    this.database = database;
  }

  @Override
  public long nextSequence() {
    long[] next = new long[1];
    database.inTransaction("cannot number a new experiment", c -> {
      try (PreparedStatement query = c.prepareStatement("SELECT nextval('perfsim_experiment_sequence')");
          ResultSet row = query.executeQuery()) {
        row.next();
        next[0] = row.getLong(1);
      }
    });
    return next[0];
  }

  @Override
  public void save(StoredExperiment e) {
    database.inTransaction("cannot write experiment " + e.experimentId(), c -> {
      try (PreparedStatement update = c.prepareStatement("UPDATE perfsim_experiment SET status = ?, file_name = ?, "
          + "title = ?, start_millis = ?, end_millis = ?, error = ?, resolved_yaml = ?, journal_json = ?, "
          + "run_json = ?, report_json = ? WHERE sequence = ?")) {
        bind(update, 1, e);
        update.setLong(11, e.sequence());
        if (update.executeUpdate() == 1) {
          return;
        }
      }
      // a run is written by one coordinator only, so nobody inserts it between the update and this
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO perfsim_experiment (status, file_name, title, "
          + "start_millis, end_millis, error, resolved_yaml, journal_json, run_json, report_json, sequence, "
          + "experiment_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        bind(insert, 1, e);
        insert.setLong(11, e.sequence());
        insert.setString(12, e.experimentId());
        insert.executeUpdate();
      }
    });
  }

  /** Sets the ten columns from status to report_json, from {@code first} on. */
  private static void bind(PreparedStatement s, int first, StoredExperiment e) throws SQLException {
    s.setString(first, e.status());
    s.setBytes(first + 1, utf8(e.fileName()));
    s.setBytes(first + 2, utf8(e.title()));
    s.setLong(first + 3, e.startTime().toEpochMilli());
    if (e.endTime().isPresent()) {
      s.setLong(first + 4, e.endTime().get().toEpochMilli());
    } else {
      s.setNull(first + 4, Types.BIGINT);
    }
    s.setBytes(first + 5, utf8(e.error()));
    Optional<Results> r = e.results();
    s.setBytes(first + 6, r.map(x -> utf8(x.resolvedYaml())).orElse(null));
    s.setBytes(first + 7, r.map(x -> utf8(x.journalJson())).orElse(null));
    s.setBytes(first + 8, r.map(x -> utf8(x.runJson())).orElse(null));
    s.setBytes(first + 9, r.map(x -> utf8(x.reportJson())).orElse(null));
  }

  @Override
  public Optional<StoredExperiment> get(String experimentId) {
    List<StoredExperiment> found = new ArrayList<>();
    database.inTransaction("cannot read experiment " + experimentId, c -> {
      try (PreparedStatement query = c.prepareStatement("SELECT " + SUMMARY_COLUMNS + ", " + RESULT_COLUMNS
          + " FROM perfsim_experiment WHERE experiment_id = ?")) {
        query.setString(1, experimentId);
        try (ResultSet rows = query.executeQuery()) {
          if (rows.next()) {
            found.add(read(rows, true));
          }
        }
      }
    });
    return found.stream().findFirst();
  }

  @Override
  public List<StoredExperiment> newestBefore(long before, int limit) {
    List<StoredExperiment> page = new ArrayList<>();
    database.inTransaction("cannot read the experiments", c -> {
      try (PreparedStatement query = c.prepareStatement("SELECT " + SUMMARY_COLUMNS
          + " FROM perfsim_experiment WHERE sequence < ? ORDER BY sequence DESC LIMIT ?")) {
        query.setLong(1, before);
        query.setInt(2, limit);
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            page.add(read(rows, false));
          }
        }
      }
    });
    return page;
  }

  @Override
  public int interruptRunning() {
    int[] count = new int[1];
    database.inTransaction("cannot mark interrupted experiments", c -> {
      try (PreparedStatement update = c.prepareStatement("UPDATE perfsim_experiment SET status = ? WHERE status = ?")) {
        update.setString(1, StoredExperiment.INTERRUPTED);
        update.setString(2, StoredExperiment.RUNNING);
        count[0] = update.executeUpdate();
      }
    });
    return count[0];
  }

  private static StoredExperiment read(ResultSet row, boolean withResults) throws SQLException {
    long end = row.getLong(7);
    Optional<Instant> endTime = row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(end));
    Optional<Results> results = Optional.empty();
    if (withResults && row.getBytes(9) != null) {
      results = Optional.of(new Results(text(row.getBytes(9)), text(row.getBytes(10)), text(row.getBytes(11)),
          text(row.getBytes(12))));
    }
    return new StoredExperiment(row.getLong(1), row.getString(2), text(row.getBytes(4)), text(row.getBytes(5)),
        row.getString(3), Instant.ofEpochMilli(row.getLong(6)), endTime, text(row.getBytes(8)), results);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
