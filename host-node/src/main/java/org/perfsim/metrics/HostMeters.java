package org.perfsim.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.perfsim.vm.GuestState;
import org.perfsim.vm.PanicCause;

/**
 * One host's meters (every series tagged {@code host}), bound to the registry of the node the host lives on
 * and removed from it when the host stops or moves, so two nodes never export the same host's series. Its
 * counters start at zero: Prometheus' rate() and increase() cannot see the increment a series is born
 * with, so a counter first exported at the cascade's first panic would never show the cascade on a rate
 * panel or fire the GuestsPanicking alert.
 */
final class HostMeters implements MeterBinder {
  private final String hostId;
  private final AtomicIntegerArray guests = new AtomicIntegerArray(GuestState.values().length);
  private final Map<PanicCause, Counter> panics = new java.util.concurrent.ConcurrentHashMap<>();
  private final List<Meter.Id> registered = new CopyOnWriteArrayList<>();
  private MeterRegistry registry;
  private Counter processesKilled;
  private Counter hostRecords;
  private Counter guestRecords;
  private Counter memoryWritten;

  HostMeters(String hostId) {
    this.hostId = hostId;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    this.registry = registry;
    for (GuestState state : GuestState.values()) {
      keep(Gauge.builder("perfsim.guests", guests, c -> c.get(state.ordinal()))
          .tags("host", hostId, "state", state.name().toLowerCase(Locale.ROOT))
          .description("Guest VMs by health state").register(registry));
    }
    for (PanicCause cause : PanicCause.values()) {
      if (cause != PanicCause.NONE) {
        panics(cause);
      }
    }
    processesKilled = keep(Counter.builder("perfsim.guest.processes.killed").tag("host", hostId)
        .description("Guest processes killed by a PEBS write into their memory").register(registry));
    hostRecords = keep(pebsRecords(registry, "host"));
    guestRecords = keep(pebsRecords(registry, "guest"));
    memoryWritten = keep(Counter.builder("perfsim.guest.memory.written").baseUnit("bytes").tag("host", hostId)
        .description("Bytes the PEBS assist wrote into guest memory").register(registry));
  }

  private Counter pebsRecords(MeterRegistry registry, String context) {
    return Counter.builder("perfsim.pebs.records").tags("host", hostId, "context", context)
        .description("PEBS records written, by the context the CPU ran in").register(registry);
  }

  private <M extends Meter> M keep(M meter) {
    registered.add(meter.getId());
    return meter;
  }

  /** Takes every series of this host out of {@code registry}. */
  void unbind(MeterRegistry registry) {
    registered.forEach(registry::remove);
    registered.clear();
  }

  /** The host's guests now, by state. */
  void guestStates(Map<GuestState, Integer> byState) {
    for (GuestState state : GuestState.values()) {
      guests.set(state.ordinal(), byState.getOrDefault(state, 0));
    }
  }

  Counter panics(PanicCause cause) {
    return panics.computeIfAbsent(cause, c -> keep(Counter.builder("perfsim.guest.panics")
        .tags("host", hostId, "cause", c.label()).description("Guest kernel panics by cause").register(registry)));
  }

  Counter processesKilled() {
    return processesKilled;
  }

  Counter pebsRecords(boolean hostContext) {
    return hostContext ? hostRecords : guestRecords;
  }

  Counter memoryWritten() {
    return memoryWritten;
  }
}
