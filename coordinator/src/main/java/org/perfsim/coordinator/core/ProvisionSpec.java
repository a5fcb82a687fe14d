package org.perfsim.coordinator.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.perfsim.coordinator.core.ProvisionRequest.GuestRequest;
import org.perfsim.coordinator.core.ProvisionRequest.LayoutMib;
import org.perfsim.coordinator.core.ProvisionRequest.RebootRequest;
import org.perfsim.guest.GuestProfile;
import org.perfsim.host.HostProfile;
import org.perfsim.kernel.KernelPolicies;
import org.perfsim.kernel.KernelPolicy;
import org.perfsim.vm.RebootPolicy;

/**
 * A provision request's shared host spec, checked field by field and with every default filled in, ready
 * to become one {@link HostProfile} per new host.
 *
 * @param shape the guests' shape as the API reports it, defaults filled in
 * @param reboot the reboot policy as the API reports it, defaults filled in
 * @param kernelPolicy the policy {@code kernel} names (a user's travels with each host's profile)
 */
public record ProvisionSpec(Map<String, String> labels, String cpu, String kernel, String perfVersion, int pcpus,
    int guests, GuestProfile guest, GuestShape shape, Reboot reboot, KernelPolicy kernelPolicy,
    int perfEventParanoid) {

  static final Pattern HOST_ID = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern LABEL_KEY = Pattern.compile("[a-z0-9]([a-z0-9._/-]{0,61}[a-z0-9])?");
  private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9._-]{0,63}");
  /** Linux keeps its first 16 MiB out of the guest's own regions (GuestMemoryLayout.linuxGuest). */
  private static final long RESERVED_MIB = 16;

  /** Every guest's shape: vCPUs, memory, the memory map in MiB, and how busy its vCPUs are. */
  public record GuestShape(int vcpus, long memoryMib, LayoutMib layout, double busyShare) {}

  /** The reboot policy: after a panic, reboot after {@code delay} (if {@code afterDelay}), booting for {@code bootTime}. */
  public record Reboot(boolean afterDelay, Duration delay, Duration bootTime) {}

  /** The spec of {@code request} under the built-in kernel policies. */
  public static ProvisionSpec of(ProvisionRequest request) {
    return of(request, KernelPolicies.BUILT_IN);
  }

  /**
   * The spec of {@code request}, whose kernel policy is one of {@code policies}; a {@link CoreError}
   * (INVALID_ARGUMENT) names the first bad field.
   */
  public static ProvisionSpec of(ProvisionRequest request, KernelPolicies policies) {
    Map<String, String> labels = labels(request.labels(), "labels");
    String cpu = DomainIds.cpu("cpu_model", request.cpu()).id();
    KernelPolicy kernelPolicy = DomainIds.kernel(policies, "kernel_policy", request.kernel());
    String perf = DomainIds.perf("perf_generation", request.perf()).id();
    int pcpus = Limits.within("pcpus", request.pcpus() == 0 ? Defaults.PCPUS : request.pcpus(), 1, Limits.MAX_PCPUS);
    int guests = Limits.within("guests_per_host", request.guestsPerHost().orElse(Defaults.GUESTS_PER_HOST), 0,
        Limits.MAX_GUESTS_PER_HOST);
    Reboot reboot = reboot(request.reboot());
    GuestShape shape = shape(request.guest());
    GuestProfile guest = guestProfile(shape, request.guest().layout().isPresent(), reboot);
    int paranoid = DomainIds.perfEventParanoid("perf_event_paranoid", request.perfEventParanoid());
    return new ProvisionSpec(labels, cpu, kernelPolicy.id(), perf, pcpus, guests, guest, shape, reboot,
        kernelPolicy, paranoid);
  }

  /** The profile of the new host {@code hostId}. */
  public HostProfile profile(String hostId) {
    return HostProfile.of(hostId, cpu, kernelPolicy, perfVersion, pcpus, guests, guest)
        .withPerfEventParanoid(perfEventParanoid);
  }

  /** Checks label keys and values as ProvisionHostsRequest.labels documents them. */
  public static Map<String, String> labels(Map<String, String> labels, String field) {
    if (labels.size() > Limits.MAX_LABELS) {
      throw CoreError.invalid(field, "at most " + Limits.MAX_LABELS + " labels, got " + labels.size());
    }
    for (Map.Entry<String, String> e : labels.entrySet()) {
      if (!LABEL_KEY.matcher(e.getKey()).matches()) {
        throw CoreError.invalid(field, "malformed label key '" + e.getKey()
            + "' (1-63 characters of [a-z0-9._/-], starting and ending with [a-z0-9])");
      }
      if (!LABEL_VALUE.matcher(e.getValue()).matches()) {
        throw CoreError.invalid(field, "malformed value '" + e.getValue() + "' of label '" + e.getKey()
            + "' (0-63 characters of [A-Za-z0-9._-])");
      }
    }
    return new TreeMap<>(labels);
  }

  private static Reboot reboot(RebootRequest given) {
    Duration delay = given.delay().map(d -> nonNegative("reboot_policy.delay", d)).orElse(Defaults.REBOOT_DELAY);
    Duration boot = given.bootTime().map(d -> nonNegative("reboot_policy.boot_time", d))
        .orElse(Defaults.REBOOT_BOOT_TIME);
    return new Reboot(given.afterDelay(), delay, boot);
  }

  private static Duration nonNegative(String field, Duration d) {
    if (d.isNegative()) {
      throw CoreError.invalid(field, "must not be negative, got " + d.getSeconds() + "s");
    }
    if (d.compareTo(Limits.MAX_REBOOT_DURATION) > 0) {
      throw CoreError.invalid(field, "at most " + Limits.MAX_REBOOT_DURATION.toSeconds() + "s, got " + d.getSeconds()
          + "s");
    }
    return d;
  }

  private static GuestShape shape(GuestRequest given) {
    int vcpus = Limits.within("guest.vcpus", given.vcpus() == 0 ? Defaults.GUEST_VCPUS : given.vcpus(), 1,
        Limits.MAX_GUEST_VCPUS);
    long memory = given.memoryMib() == 0 ? Defaults.GUEST_MEMORY_MIB : given.memoryMib();
    if (memory > Limits.MAX_GUEST_MEMORY_MIB) {
      throw CoreError.invalid("guest.memory_mib", "must be at most " + Limits.MAX_GUEST_MEMORY_MIB + " (1 TiB), got "
          + memory);
    }
    double busy = given.busyShare().orElse(Defaults.GUEST_BUSY_SHARE);
    if (!(busy >= 0 && busy <= 1)) {
      throw CoreError.invalid("guest.busy_share", "must be within [0, 1], got " + busy);
    }
    LayoutMib layout = given.layout().map(l -> customLayout(l, memory)).orElseGet(() -> defaultLayout(memory));
    return new GuestShape(vcpus, memory, layout, busy);
  }

  private static LayoutMib defaultLayout(long memory) {
    if (memory < Limits.MIN_DEFAULT_LAYOUT_MIB) {
      throw CoreError.invalid("guest.memory_mib", "must be at least " + Limits.MIN_DEFAULT_LAYOUT_MIB
          + " with the default layout, got " + memory);
    }
    // GuestMemoryLayout.linuxGuest's map, in MiB
    return new LayoutMib(RESERVED_MIB, 16, memory * 3 / 8 - 32, memory / 16,
        memory * 7 / 8 - memory * 3 / 8 - memory / 16, memory - memory * 7 / 8);
  }

  private static LayoutMib customLayout(LayoutMib given, long memory) {
    long[] sizes = {given.kernelText(), given.kernelData(), given.pageTables(), given.user()};
    String[] names = {"kernel_text_mib", "kernel_data_mib", "page_tables_mib", "user_mib"};
    long used = RESERVED_MIB;
    for (int i = 0; i < sizes.length; i++) {
      if (sizes[i] < 1) {
        throw CoreError.invalid("guest.layout." + names[i], "must be at least 1 MiB");
      }
      used += sizes[i];
    }
    if (used > memory) {
      throw CoreError.invalid("guest.layout", "regions need " + used + " MiB with the " + RESERVED_MIB
          + " MiB reserved, memory_mib is " + memory);
    }
    return new LayoutMib(RESERVED_MIB, given.kernelText(), given.kernelData(), given.pageTables(), given.user(),
        memory - used);
  }

  private static GuestProfile guestProfile(GuestShape shape, boolean customLayout, Reboot reboot) {
    LayoutMib l = shape.layout();
    // without a custom layout the domain's own Linux map is used, so both always agree
    List<Long> regions = !customLayout ? List.of() : List.of(l.reserved(), l.kernelText(), l.kernelData(),
        l.pageTables(), l.user(), l.free());
    RebootPolicy policy = reboot.afterDelay()
        ? RebootPolicy.after(reboot.delay().toNanos(), reboot.bootTime().toNanos()) : RebootPolicy.never();
    return new GuestProfile(shape.vcpus(), shape.memoryMib(), regions, shape.busyShare(), policy);
  }
}
