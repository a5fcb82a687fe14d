package org.perfsim.coordinator.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.perfsim.coordinator.core.FleetCatalog;
import org.perfsim.coordinator.core.ProvisionRequest;
import org.perfsim.coordinator.core.ProvisionSpec;
import org.perfsim.coordinator.core.store.FleetStore;
import org.perfsim.coordinator.core.store.StoredExperiment;
import org.perfsim.session.Host;
import org.perfsim.session.HostSnapshot;
import org.perfsim.session.HostSpec;
import org.perfsim.vm.Guest;
import org.perfsim.coordinator.core.SessionSummary.SessionState;
import org.perfsim.coordinator.core.store.StoredSession;

/**
 * What every session store promises, run on each real database: sessions read back byte for byte after the
 * store is closed and opened again, a save replaces, the newest come oldest first, sequences never repeat; the
 * fleet's hosts with their snapshots; experiment runs with their texts, running ones interrupted on reopening.
 */
abstract class SessionStoreContract {

  /** The same database as every earlier call (its schema migrated), opened anew. */
  abstract JdbcSessionStore open();

  private static byte[] bytes(int size, int seed) {
    byte[] view = new byte[size];
    for (int i = 0; i < size; i++) {
      view[i] = (byte) (i * 31 + seed);
    }
    return view;
  }

  @Test
  void aSessionReadBackAfterReopeningIsByteForByteTheOneWritten() {
    long sequence;
    byte[] view = bytes(300_000, 7);
    try (JdbcSessionStore store = open()) {
      sequence = store.nextSequence();
      store.save(new StoredSession(sequence, "s-" + sequence, SessionState.FINISHED, view));
    }
    try (JdbcSessionStore store = open()) {
      StoredSession back = store.newest(1).get(0);
      assertEquals(sequence, back.sequence());
      assertEquals("s-" + sequence, back.sessionId());
      assertEquals(SessionState.FINISHED, back.state());
      assertArrayEquals(view, back.view());
    }
  }

  @Test
  void savingASessionAgainReplacesIt() {
    try (JdbcSessionStore store = open()) {
      long sequence = store.nextSequence();
      store.save(new StoredSession(sequence, "s-" + sequence, SessionState.RUNNING, bytes(10, 1)));
      store.save(new StoredSession(sequence, "s-" + sequence, SessionState.CANCELLED, bytes(20, 2)));
      List<StoredSession> newest = store.newest(1);
      assertEquals(List.of(new StoredSession(sequence, "s-" + sequence, SessionState.CANCELLED, bytes(20, 2))), newest);
    }
  }

  @Test
  void theNewestSessionsComeOldestFirst() {
    try (JdbcSessionStore store = open()) {
      long first = 0;
      for (int i = 0; i < 5; i++) {
        long sequence = store.nextSequence();
        first = i == 0 ? sequence : first;
        store.save(new StoredSession(sequence, "s-" + sequence, SessionState.FINISHED, bytes(4, i)));
      }
      assertEquals(List.of(first + 2, first + 3, first + 4),
          store.newest(3).stream().map(StoredSession::sequence).toList());
    }
  }

  @Test
  void sequencesNeverRepeatAcrossReopening() {
    long before;
    try (JdbcSessionStore store = open()) {
      store.nextSequence();
      before = store.nextSequence();
    }
    try (JdbcSessionStore store = open()) {
      assertTrue(store.nextSequence() > before);
    }
  }

  /** Two hosts with labels and a rebooting guest shape; host-0 after a session that panicked its guests. */
  private static List<FleetStore.StoredHost> fleet() {
    ProvisionRequest request = new ProvisionRequest(new ProvisionRequest.Ids(List.of("db-0", "db-1")),
        Map.of("rack", "r7"), "ivybridge", "3.6", "3.6", 2, OptionalInt.of(3), ProvisionRequest.GuestRequest.DEFAULT,
        new ProvisionRequest.RebootRequest(true, Optional.of(Duration.ofSeconds(5)), Optional.empty()));
    List<FleetCatalog.CatalogHost> hosts = new FleetCatalog(10).add(request.hosts(), ProvisionSpec.of(request));
    HostSpec spec = hosts.get(0).profile().toSpec();
    Host host = new Host(spec, 50_000_000L);
    List<Guest> guests = spec.bootGuests();
    host.run(List.of("perf", "record", "-e", "cycles:p", "-ag", "--", "sleep", "1"), Optional.empty(), 1, guests);
    guests.forEach(g -> host.guestSaved(g.snapshot()));
    assertTrue(host.damage().values().stream().anyMatch(d -> d.panics() > 0), host.damage().toString());
    return List.of(new FleetStore.StoredHost(hosts.get(0), host.snapshot()),
        new FleetStore.StoredHost(hosts.get(1), HostSnapshot.PROVISIONED));
  }

  @Test
  void theFleetReadsBackAsStoredAfterReopeningWithItsLatestSnapshots() {
    List<FleetStore.StoredHost> fleet = fleet();
    try (JdbcSessionStore store = open()) {
      store.fleet().removeHosts(store.fleet().hosts().stream().map(h -> h.host().hostId()).toList());
      store.fleet().saveHosts(List.of(fleet.get(1), new FleetStore.StoredHost(fleet.get(0).host(),
          HostSnapshot.PROVISIONED)));
      store.fleet().saveSnapshot(fleet.get(0).host().hostId(), fleet.get(0).snapshot());
      store.fleet().saveSnapshot("not-stored", fleet.get(0).snapshot()); // provisioning under way: nothing stored
    }
    try (JdbcSessionStore store = open()) {
      assertEquals(fleet, store.fleet().hosts());
      store.fleet().removeHosts(List.of("db-1"));
      assertEquals(fleet.subList(0, 1), store.fleet().hosts());
    }
  }

  /** A text of {@code size} characters with what a store could mangle: non-ASCII, a NUL, CR LF, quotes. */
  private static String text(int size, String seed) {
    StringBuilder b = new StringBuilder(size);
    String pattern = seed + " \u00e9\u4e2d\ud83d\ude00 \u0000 \r\n\"'\\ ";
    while (b.length() < size) {
      b.append(pattern);
    }
    return b.toString();
  }

  private static StoredExperiment started(JdbcSessionStore store, String title) {
    long sequence = store.experiments().nextSequence();
    StoredExperiment e = StoredExperiment.started(sequence, "x-" + sequence, "f\u00fcr-" + sequence + ".yaml", title,
        Instant.ofEpochMilli(1_764_000_000_123L + sequence));
    store.experiments().save(e);
    return e;
  }

  private static StoredExperiment.Results results(int journalChars) {
    return new StoredExperiment.Results(text(200, "yaml"), text(journalChars, "journal"), text(300, "run"),
        text(5_000, "report"));
  }

  @Test
  void anEndedExperimentReadsBackAfterReopeningWithItsTextsByteForByte() {
    StoredExperiment ended;
    StoredExperiment failed;
    try (JdbcSessionStore store = open()) {
      // a journal past a megabyte: what a long experiment writes
      ended = started(store, text(40, "title")).ended("deviated", Instant.ofEpochMilli(1_764_000_100_000L),
          results(1_500_000));
      store.experiments().save(ended);
      failed = started(store, "refused").failed(Instant.ofEpochMilli(1_764_000_200_000L), text(100, "error"));
      store.experiments().save(failed);
    }
    try (JdbcSessionStore store = open()) {
      StoredExperiment back = store.experiments().get(ended.experimentId()).orElseThrow();
      assertEquals(ended, back);
      assertArrayEquals(ended.results().orElseThrow().journalJson().getBytes(java.nio.charset.StandardCharsets.UTF_8),
          back.results().orElseThrow().journalJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertEquals(failed, store.experiments().get(failed.experimentId()).orElseThrow());
      assertEquals(Optional.empty(), store.experiments().get("x-0"));
    }
  }

  @Test
  void anExperimentRunningWhenTheStoreWasLeftIsInterruptedOnceAndEndedOnesStayAsTheyWere() {
    StoredExperiment running;
    StoredExperiment ended;
    try (JdbcSessionStore store = open()) {
      ended = started(store, "ended").ended("completed", Instant.ofEpochMilli(1_764_000_300_000L), results(100));
      store.experiments().save(ended);
      running = started(store, "under way");
    }
    try (JdbcSessionStore store = open()) {
      assertTrue(store.experiments().interruptRunning() >= 1);
      assertEquals(running.interrupted(), store.experiments().get(running.experimentId()).orElseThrow());
      assertEquals(StoredExperiment.INTERRUPTED, store.experiments().get(running.experimentId()).orElseThrow().status());
      assertEquals(ended, store.experiments().get(ended.experimentId()).orElseThrow());
      assertEquals(0, store.experiments().interruptRunning());
    }
  }

  @Test
  void experimentsListNewestFirstBeforeASequenceWithoutTheirTexts() {
    try (JdbcSessionStore store = open()) {
      List<StoredExperiment> saved = new java.util.ArrayList<>();
      for (int i = 0; i < 3; i++) {
        StoredExperiment e = started(store, "listed " + i).ended("aborted", Instant.ofEpochMilli(1_764_000_400_000L + i),
            results(50));
        store.experiments().save(e);
        saved.add(e);
      }
      long newest = saved.get(2).sequence();
      assertEquals(List.of(saved.get(2).summary(), saved.get(1).summary()),
          store.experiments().newestBefore(newest + 1, 2));
      assertEquals(List.of(saved.get(0).summary()), store.experiments().newestBefore(saved.get(1).sequence(), 1));
      assertTrue(store.experiments().newestBefore(Long.MAX_VALUE, 1000).stream()
          .allMatch(e -> e.results().isEmpty()), "a listing carries no texts");
    }
  }

  @Test
  void experimentSequencesNeverRepeatAcrossReopening() {
    long before;
    try (JdbcSessionStore store = open()) {
      before = store.experiments().nextSequence();
    }
    try (JdbcSessionStore store = open()) {
      assertTrue(store.experiments().nextSequence() > before);
    }
  }
}
