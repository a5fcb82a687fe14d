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
import java.util.concurrent.atomic.AtomicIntegerArray;
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
import org.perfsim.vm.PanicCause;

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
  private final Map<String, AtomicIntegerArray> guestsByHost = new ConcurrentHashMap<>();
  private final Map<String, Boolean> hostsUp = new ConcurrentHashMap<>();
  private final Timer sessionDuration;
  private final Timer firstPanic;
  private final Timer lastPanic;

  private FleetMetrics(ActorSystem<?> system) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    Gauge.builder("perfsim.hosts.up", hostsUp, Map::size)
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
      sessionsFinished(outcome.word()); // at zero, for the reason registerHostMeters gives
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
    hostsUp.put(hostId, Boolean.TRUE);
    // the results the ABI story is about, for any perf on this kernel, at zero: a rate sees their first one
    for (org.perfsim.events.PerfGeneration perf : org.perfsim.events.PerfGeneration.values()) {
      for (String result : PRE_CREATED_OPEN_RESULTS) {
        perfEventOpen(result, perf.id(), kernel);
      }
    }
    AtomicIntegerArray counts = guestsByHost.computeIfAbsent(hostId, this::registerHostMeters);
    for (GuestState state : GuestState.values()) {
      counts.set(state.ordinal(), state == GuestState.RUNNING ? guests : 0);
    }
  }

  /** The host's guests now, by state. */
  public void guestStates(String hostId, Map<GuestState, Integer> byState) {
    AtomicIntegerArray counts = guestsByHost.computeIfAbsent(hostId, this::registerHostMeters);
    for (GuestState state : GuestState.values()) {
      counts.set(state.ordinal(), byState.getOrDefault(state, 0));
    }
  }

  /** The host entity stopped on this node (it moved, or the node leaves). */
  public void hostStopped(String hostId) {
    hostsUp.remove(hostId);
  }

  /**
   * The host's guest gauges, and its counters at zero: Prometheus' rate() and increase() cannot see the
   * increment a series is born with, so a counter first exported at the cascade's first panic would never
   * show the cascade on a rate panel or fire the GuestsPanicking alert.
   */
  private AtomicIntegerArray registerHostMeters(String hostId) {
    AtomicIntegerArray counts = new AtomicIntegerArray(GuestState.values().length);
    for (GuestState state : GuestState.values()) {
      Gauge.builder("perfsim.guests", counts, c -> c.get(state.ordinal()))
          .tags("host", hostId, "state", state.name().toLowerCase(Locale.ROOT))
          .description("Guest VMs by health state").register(registry);
    }
    for (PanicCause cause : PanicCause.values()) {
      if (cause != PanicCause.NONE) {
        guestPanics(hostId, cause);
      }
    }
    processesKilled(hostId);
    pebsRecords(hostId, "host");
    pebsRecords(hostId, "guest");
    guestMemoryWritten(hostId);
    return counts;
  }

  /** Something happened to a guest of {@code hostId}: panics by cause and killed processes are counted. */
  public void guestEvent(String hostId, GuestEvent event) {
    if (event.kind() == GuestEvent.Kind.PANICKED) {
      guestPanics(hostId, event.cause()).increment();
    } else if (event.kind() == GuestEvent.Kind.PROCESS_KILLED) {
      processesKilled(hostId).increment();
    }
  }

  private Counter guestPanics(String hostId, PanicCause cause) {
    return Counter.builder("perfsim.guest.panics").tags("host", hostId, "cause", cause.label())
        .description("Guest kernel panics by cause").register(registry);
  }

  private Counter processesKilled(String hostId) {
    return Counter.builder("perfsim.guest.processes.killed").tag("host", hostId)
        .description("Guest processes killed by a PEBS write into their memory").register(registry);
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
    if (result.precisionUsed() > 0) {
      pebsRecords(hostId, "host").increment(result.hostSamples());
    }
    pebsRecords(hostId, "guest").increment(result.pebsRecordsIntoGuests());
    guestMemoryWritten(hostId).increment(result.pebsBytesIntoGuests());
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

  private Counter guestMemoryWritten(String hostId) {
    return Counter.builder("perfsim.guest.memory.written").baseUnit("bytes").tag("host", hostId)
        .description("Bytes the PEBS assist wrote into guest memory").register(registry);
  }

  private Counter pebsRecords(String hostId, String context) {
    return Counter.builder("perfsim.pebs.records").tags("host", hostId, "context", context)
        .description("PEBS records written, by the context the CPU ran in").register(registry);
  }

  private static double membersWith(Cluster cluster, MemberStatus status) {
    return StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
        .filter(m -> m.status().equals(status)).count();
  }

  private static String statusLabel(MemberStatus status) {
    return status.toString().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
