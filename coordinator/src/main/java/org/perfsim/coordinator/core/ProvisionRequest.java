package org.perfsim.coordinator.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * What a caller asks to provision, before any check or default: the hosts to create and their shared spec.
 * Numbers are as the caller gave them (unsigned 32-bit values arrive as negative ints); 0 or empty means
 * "the default" where {@link Defaults} has one.
 */
public record ProvisionRequest(HostNames hosts, Map<String, String> labels, String cpu, String kernel, String perf,
    int pcpus, OptionalInt guestsPerHost, GuestRequest guest, RebootRequest reboot, OptionalInt perfEventParanoid) {

  public ProvisionRequest {
    labels = Map.copyOf(labels);
  }

  /** Hosts at the default perf_event_paranoid. */
  public ProvisionRequest(HostNames hosts, Map<String, String> labels, String cpu, String kernel, String perf,
      int pcpus, OptionalInt guestsPerHost, GuestRequest guest, RebootRequest reboot) {
    this(hosts, labels, cpu, kernel, perf, pcpus, guestsPerHost, guest, reboot, OptionalInt.empty());
  }

  /** The same request for hosts at {@code paranoid}. */
  public ProvisionRequest withPerfEventParanoid(int paranoid) {
    return new ProvisionRequest(hosts, labels, cpu, kernel, perf, pcpus, guestsPerHost, guest, reboot,
        OptionalInt.of(paranoid));
  }

  /** {@code count} hosts of the default spec, as {@code perfsim serve} starts with. */
  public static ProvisionRequest count(int count, int guests, String cpu, String kernel, String perf, int pcpus) {
    return new ProvisionRequest(new Count(count), Map.of(), cpu, kernel, perf, pcpus, OptionalInt.of(guests),
        GuestRequest.DEFAULT, RebootRequest.DEFAULT);
  }

  /** Which hosts to create: a number of them (named {@code host-N}) or explicit ids. */
  public sealed interface HostNames permits Count, Ids, Unset {}

  public record Count(int count) implements HostNames {}

  public record Ids(List<String> ids) implements HostNames {
    public Ids {
      ids = List.copyOf(ids);
    }
  }

  /** Neither a count nor ids was given. */
  public record Unset() implements HostNames {}

  /** The guests' shape as asked: 0 vCPUs or 0 MiB mean the defaults; no layout means Linux's own map. */
  public record GuestRequest(int vcpus, long memoryMib, OptionalDouble busyShare, Optional<LayoutMib> layout) {
    public static final GuestRequest DEFAULT = new GuestRequest(0, 0, OptionalDouble.empty(), Optional.empty());
  }

  /** The reboot policy as asked; unset durations take the defaults. */
  public record RebootRequest(boolean afterDelay, Optional<Duration> delay, Optional<Duration> bootTime) {
    public static final RebootRequest DEFAULT = new RebootRequest(false, Optional.empty(), Optional.empty());
  }

  /** A guest's memory map in MiB, region by region, as the API shows it. */
  public record LayoutMib(long reserved, long kernelText, long kernelData, long pageTables, long user, long free) {}
}
