package org.perfsim.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.perfsim.session.Outcome;
import org.perfsim.session.SessionResult;
import org.perfsim.vm.GuestEvent;
import org.perfsim.vm.GuestState;

/**
 * The node's metrics (one Prometheus registry per actor system, i.e. per JVM in production), named as
 * docs/METRICS.md lists them. Labels stop at the host: never a guest id.
 */
public final class FleetMetrics implements Extension {

  /** The extension's id: {@code FleetMetrics.ID.get(system)}. */
  public static final ExtensionId<FleetMetrics> ID = new ExtensionId<>() {
    @Override
    public FleetMetrics createExtension(ActorSystem<?> system) {
      return new FleetMetrics(system);
    }
  };

  private static final MemberStatus[] MEMBER_STATUSES = {MemberStatus.joining(), MemberStatus.weaklyUp(),
      MemberStatus.up(), MemberStatus.leaving(), MemberStatus.exiting(), MemberStatus.down(),
      MemberStatus.removed()};

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  /** The meters of every host provisioned on this node; a host's leave the registry with it. */
  private final Map<String, HostMeters> hosts = new ConcurrentHashMap<>();
  private final Timer sessionDuration;
  private final Timer firstPanic;
  private final Timer lastPanic;

  private FleetMetrics(ActorSystem<?> system) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    Gauge.builder("perfsim.hosts.up", hosts, Map::size)
        .description("Simulated hosts provisioned on this node").register(registry);
    Cluster cluster = Cluster.get(system);
    for (MemberStatus status : MEMBER_STATUSES) {
      Gauge.builder("perfsim.cluster.members", cluster, c -> membersWith(c, status))
          .tag("status", statusLabel(status))
          .description("Members of the Pekko cluster as this node sees them, by status").register(registry);
    }
    sessionDuration = Timer.builder("perfsim.session.duration")
        .description("Wall-clock time of a perf session on one host")
        .serviceLevelObjectives(seconds(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60))
        .register(registry);
    firstPanic = panicSummary("perfsim.session.first.panic", "first");
    lastPanic = panicSummary("perfsim.session.last.panic", "last");
    for (Outcome outcome : Outcome.values()) {
      sessionsFinished(outcome.word()); // at zero, for the reason HostMeters gives
    }
  }

  /** open results exported at zero once a host runs a kernel: success and the errnos of the 2012 story. */
  private static final List<String> PRE_CREATED_OPEN_RESULTS = List.of("ok", "EOPNOTSUPP", "EINVAL", "E2BIG",
      "EACCES");

  public static FleetMetrics get(ActorSystem<?> system) {
    return ID.apply(system);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The registry's meters, in the Prometheus text format. */
  public String scrape() {
    return registry.scrape();
  }

  /**
   * A timer, not a distribution summary: Micrometer rounds a summary's values up to whole numbers before
   * bucketing, which would put every millisecond panic into the one-second bucket.
   */
  private Timer panicSummary(String name, String which) {
    return Timer.builder(name)
        .description("Simulated time from session start to the " + which + " guest panic on a host")
        .serviceLevelObjectives(seconds(0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60))
        .register(registry);
  }

  private static Duration[] seconds(double... bounds) {
    Duration[] slos = new Duration[bounds.length];
    for (int i = 0; i < bounds.length; i++) {
      slos[i] = Duration.ofNanos(Math.round(bounds[i] * 1e9));
    }
    return slos;
  }

  /** A host was provisioned here with its guests, all running. */
  public void hostProvisioned(String hostId, int guests, String kernel) {
    // the results the ABI story is about, for any perf on this kernel, at zero: a rate sees their first one
    for (org.perfsim.events.PerfGeneration perf : org.perfsim.events.PerfGeneration.values()) {
      for (String result : PRE_CREATED_OPEN_RESULTS) {
        perfEventOpen(result, perf.id(), kernel);
      }
    }
    Map<GuestState, Integer> running = new java.util.EnumMap<>(GuestState.class);
    running.put(GuestState.RUNNING, guests);
    host(hostId).guestStates(running);
  }

  /** The host's guests now, by state. */
  public void guestStates(String hostId, Map<GuestState, Integer> byState) {
    host(hostId).guestStates(byState);
  }

  /** The host entity stopped on this node (it moved, or the node leaves): its series leave with it. */
  public void hostStopped(String hostId) {
    HostMeters gone = hosts.remove(hostId);
    if (gone != null) {
      gone.unbind(registry);
    }
  }

  /** The host's meters, bound to this node's registry when first asked for. */
  private HostMeters host(String hostId) {
    return hosts.computeIfAbsent(hostId, id -> {
      HostMeters meters = new HostMeters(id);
      meters.bindTo(registry);
      return meters;
    });
  }

  /** Something happened to a guest of {@code hostId}: panics by cause and killed processes are counted. */
  public void guestEvent(String hostId, GuestEvent event) {
    if (event.kind() == GuestEvent.Kind.PANICKED) {
      host(hostId).panics(event.cause()).increment();
    } else if (event.kind() == GuestEvent.Kind.PROCESS_KILLED) {
      host(hostId).processesKilled().increment();
    }
  }

  private Counter perfEventOpen(String result, String perfVersion, String kernel) {
    return Counter.builder("perfsim.perf.event.open")
        .tags("result", result, "perf_version", perfVersion, "kernel", kernel).description("perf_event_open outcomes of sessions (after perf's fallbacks)").register(registry);
  }

  /** A session began on a host. */
  public void sessionStarted() {
    Counter.builder("perfsim.sessions.started").description("perf sessions started on a host")
        .register(registry).increment();
  }

  /** A session ended on a host (also one refused before it ran) after {@code wall} of real time. */
  public void sessionFinished(String hostId, String perfVersion, String kernel, SessionResult result,
      Duration wall) {
    sessionsFinished(result.outcome().word()).increment();
    String open = result.errno().map(Enum::name).orElse(result.exitStatus() == 0 ? "ok" : "usage_error");
    perfEventOpen(open, perfVersion, kernel).increment();
    HostMeters host = host(hostId);
    if (result.precisionUsed() > 0) {
      host.pebsRecords(true).increment(result.hostSamples());
    }
    host.pebsRecords(false).increment(result.pebsRecordsIntoGuests());
    host.memoryWritten().increment(result.pebsBytesIntoGuests());
    sessionDuration.record(wall);
    if (result.firstPanicNanos() >= 0) {
      firstPanic.record(Duration.ofNanos(result.firstPanicNanos()));
      lastPanic.record(Duration.ofNanos(result.lastPanicNanos()));
    }
  }

  private Counter sessionsFinished(String outcome) {
    return Counter.builder("perfsim.sessions.finished").tag("outcome", outcome)
        .description("perf sessions finished on a host, by outcome").register(registry);
  }

  private static double membersWith(Cluster cluster, MemberStatus status) {
    return StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
        .filter(m -> m.status().equals(status)).count();
  }

  private static String statusLabel(MemberStatus status) {
    return status.toString().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
