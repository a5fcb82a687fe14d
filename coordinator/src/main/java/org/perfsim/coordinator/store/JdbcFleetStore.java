package org.perfsim.coordinator.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.perfsim.coordinator.core.FleetCatalog.CatalogHost;
import org.perfsim.coordinator.core.store.FleetStore;
import org.perfsim.coordinator.core.store.StoreException;
import org.perfsim.session.HostSnapshot;

/**
 * The fleet's definitions in the same database as the sessions (table {@code perfsim_host}, Flyway's V2): one row
 * per host, its catalog entry and latest snapshot as JSON, over the session store's connection and lock.
 */
final class JdbcFleetStore implements FleetStore {
  /** The records as JSON: Optional and Duration components, records by their canonical constructors. */
  private static final ObjectMapper JSON = JsonMapper.builder().addModule(new Jdk8Module())
      .addModule(new JavaTimeModule()).addModule(new ParameterNamesModule()).build();

  private final JdbcSessionStore database;

  JdbcFleetStore(JdbcSessionStore database) {
    this.database = database;
  }

  @Override
  public void saveHosts(List<StoredHost> hosts) {
    if (hosts.isEmpty()) {
      return;
    }
    database.inTransaction("cannot store hosts " + hosts.get(0).host().hostId() + ".." + hosts.get(hosts.size() - 1)
        .host().hostId(), c -> {
          for (StoredHost host : hosts) {
            upsert(c, host);
          }
        });
  }

  /** Update, else insert: portable to H2 and PostgreSQL; one coordinator writes its fleet. */
  private static void upsert(Connection c, StoredHost host) throws SQLException {
    byte[] definition = json(host.host());
    byte[] snapshot = json(host.snapshot());
    try (PreparedStatement update = c.prepareStatement(
        "UPDATE perfsim_host SET definition = ?, snapshot = ? WHERE host_id = ?")) {
      update.setBytes(1, definition);
      update.setBytes(2, snapshot);
      update.setString(3, host.host().hostId());
      if (update.executeUpdate() == 1) {
        return;
      }
    }
    try (PreparedStatement insert = c.prepareStatement(
        "INSERT INTO perfsim_host (host_id, definition, snapshot) VALUES (?, ?, ?)")) {
      insert.setString(1, host.host().hostId());
      insert.setBytes(2, definition);
      insert.setBytes(3, snapshot);
      insert.executeUpdate();
    }
  }

  @Override
  public void saveSnapshot(String hostId, HostSnapshot snapshot) {
    byte[] bytes = json(snapshot);
    database.inTransaction("cannot store the snapshot of host " + hostId, c -> {
      try (PreparedStatement update = c.prepareStatement("UPDATE perfsim_host SET snapshot = ? WHERE host_id = ?")) {
        update.setBytes(1, bytes);
        update.setString(2, hostId);
        update.executeUpdate();
      }
    });
  }

  @Override
  public void removeHosts(Collection<String> hostIds) {
    if (hostIds.isEmpty()) {
      return;
    }
    database.inTransaction("cannot forget hosts", c -> {
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM perfsim_host WHERE host_id = ?")) {
        for (String id : hostIds) {
          delete.setString(1, id);
          delete.addBatch();
        }
        delete.executeBatch();
      }
    });
  }

  @Override
  public List<StoredHost> hosts() {
    List<StoredHost> hosts = new ArrayList<>();
    database.inTransaction("cannot read the fleet", c -> {
      try (PreparedStatement query = c.prepareStatement(
          "SELECT host_id, definition, snapshot FROM perfsim_host ORDER BY host_id");
          ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          hosts.add(read(rows.getString(1), rows.getBytes(2), rows.getBytes(3)));
        }
      }
    });
    return hosts;
  }

  private static StoredHost read(String hostId, byte[] definition, byte[] snapshot) {
    try {
      return new StoredHost(JSON.readValue(definition, CatalogHost.class), JSON.readValue(snapshot, HostSnapshot.class));
    } catch (IOException | IllegalArgumentException e) {
      throw new StoreException("stored host " + hostId + " cannot be read back: " + e.getMessage(), e);
    }
  }

  private static byte[] json(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new StoreException("cannot write " + value.getClass().getSimpleName() + " as JSON: " + e.getMessage(), e);
    }
  }
}
