package org.perfsim.coordinator;

import com.google.protobuf.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.perfsim.api.v1.GuestSpec;
import org.perfsim.api.v1.MemoryLayout;
import org.perfsim.api.v1.ProvisionHostsRequest;
import org.perfsim.api.v1.RebootPolicy;
import org.perfsim.api.v1.RebootPolicyKind;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.guest.GuestProfile;
import org.perfsim.host.HostProfile;
import org.perfsim.kernel.KernelPolicy;

/**
 * A ProvisionHostsRequest's shared host spec, checked field by field and with every default filled in,
 * ready to become one {@link HostProfile} per new host.
 *
 * @param guestSpec the guest spec as the API reports it, defaults filled in
 * @param rebootPolicy the reboot policy as the API reports it, defaults filled in
 */
public record ProvisionSpec(Map<String, String> labels, String cpu, String kernel, String perfVersion, int pcpus,
    int guests, GuestProfile guest, GuestSpec guestSpec, RebootPolicy rebootPolicy) {

  static final Pattern HOST_ID = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern LABEL_KEY = Pattern.compile("[a-z0-9]([a-z0-9._/-]{0,61}[a-z0-9])?");
  private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9._-]{0,63}");
  private static final Duration DEFAULT_DELAY = Duration.newBuilder().setSeconds(10).build();
  private static final Duration DEFAULT_BOOT = Duration.newBuilder().setSeconds(30).build();

  /** The spec of {@code request}; an {@link ApiError} (INVALID_ARGUMENT) names the first bad field. */
  public static ProvisionSpec of(ProvisionHostsRequest request) {
    Map<String, String> labels = labels(request.getLabelsMap(), "labels");
    String cpu = ApiError.named("cpu_model", request.getCpuModel(), "ivybridge", "CPU model", CpuModel::byId,
        CpuModel.validIds()).id();
    String kernel = ApiError.named("kernel_policy", request.getKernelPolicy(), "3.6", "kernel policy",
        KernelPolicy::byId, KernelPolicy.validIds()).id();
    String perf = ApiError.named("perf_generation", request.getPerfGeneration(), "6.1", "perf generation",
        PerfGeneration::byId, PerfGeneration.validIds()).id();
    int pcpus = request.getPcpus() == 0 ? 4 : request.getPcpus();
    if (pcpus < 1 || pcpus > 256) {
      throw ApiError.invalid("pcpus", "must be within 1..256, got " + Integer.toUnsignedString(pcpus));
    }
    int guests = request.hasGuestsPerHost() ? request.getGuestsPerHost() : 4;
    if (guests < 0 || guests > 256) {
      throw ApiError.invalid("guests_per_host", "must be within 0..256, got " + Integer.toUnsignedString(guests));
    }
    RebootPolicy reboot = reboot(request.getRebootPolicy());
    GuestSpec spec = guestSpec(request.getGuest());
    GuestProfile guest = guestProfile(spec, request.getGuest().hasLayout(), reboot);
    return new ProvisionSpec(labels, cpu, kernel, perf, pcpus, guests, guest, spec, reboot);
  }

  /** The profile of the new host {@code hostId}. */
  public HostProfile profile(String hostId) {
    return new HostProfile(hostId, cpu, kernel, perfVersion, pcpus, guests, guest);
  }

  /** Checks label keys and values as ProvisionHostsRequest.labels documents them. */
  static Map<String, String> labels(Map<String, String> labels, String field) {
    if (labels.size() > 32) {
      throw ApiError.invalid(field, "at most 32 labels, got " + labels.size());
    }
    for (Map.Entry<String, String> e : labels.entrySet()) {
      if (!LABEL_KEY.matcher(e.getKey()).matches()) {
        throw ApiError.invalid(field, "malformed label key '" + e.getKey()
            + "' (1-63 characters of [a-z0-9._/-], starting and ending with [a-z0-9])");
      }
      if (!LABEL_VALUE.matcher(e.getValue()).matches()) {
        throw ApiError.invalid(field, "malformed value '" + e.getValue() + "' of label '" + e.getKey()
            + "' (0-63 characters of [A-Za-z0-9._-])");
      }
    }
    return new TreeMap<>(labels);
  }

  private static RebootPolicy reboot(RebootPolicy given) {
    RebootPolicyKind kind = given.getKind() == RebootPolicyKind.REBOOT_POLICY_KIND_AFTER_DELAY
        ? RebootPolicyKind.REBOOT_POLICY_KIND_AFTER_DELAY : RebootPolicyKind.REBOOT_POLICY_KIND_NONE;
    if (given.getKindValue() > RebootPolicyKind.REBOOT_POLICY_KIND_AFTER_DELAY_VALUE) {
      throw ApiError.invalid("reboot_policy.kind", "unknown kind " + given.getKindValue());
    }
    Duration delay = given.hasDelay() ? nonNegative("reboot_policy.delay", given.getDelay()) : DEFAULT_DELAY;
    Duration boot = given.hasBootTime() ? nonNegative("reboot_policy.boot_time", given.getBootTime()) : DEFAULT_BOOT;
    RebootPolicy.Builder out = RebootPolicy.newBuilder().setKind(kind).setBootTime(boot);
    if (kind == RebootPolicyKind.REBOOT_POLICY_KIND_AFTER_DELAY) {
      out.setDelay(delay);
    }
    return out.build();
  }

  private static Duration nonNegative(String field, Duration d) {
    if (d.getSeconds() < 0 || d.getNanos() < 0) {
      throw ApiError.invalid(field, "must not be negative, got " + d.getSeconds() + "s");
    }
    return d;
  }

  private static GuestSpec guestSpec(GuestSpec given) {
    int vcpus = given.getVcpus() == 0 ? 1 : given.getVcpus();
    if (vcpus < 1 || vcpus > 64) {
      throw ApiError.invalid("guest.vcpus", "must be within 1..64, got " + Integer.toUnsignedString(vcpus));
    }
    long memory = given.getMemoryMib() == 0 ? 2048 : given.getMemoryMib();
    if (memory > 1L << 20) {
      throw ApiError.invalid("guest.memory_mib", "must be at most 1048576 (1 TiB), got " + memory);
    }
    double busy = given.hasBusyShare() ? given.getBusyShare() : 1.0;
    if (!(busy >= 0 && busy <= 1)) {
      throw ApiError.invalid("guest.busy_share", "must be within [0, 1], got " + busy);
    }
    MemoryLayout layout = given.hasLayout() ? customLayout(given.getLayout(), memory) : defaultLayout(memory);
    return GuestSpec.newBuilder().setVcpus(vcpus).setMemoryMib(memory).setLayout(layout).setBusyShare(busy).build();
  }

  private static MemoryLayout defaultLayout(long memory) {
    if (memory < 1024) {
      throw ApiError.invalid("guest.memory_mib", "must be at least 1024 with the default layout, got " + memory);
    }
    // GuestMemoryLayout.linuxGuest's map, in MiB
    return MemoryLayout.newBuilder().setReservedMib(16).setKernelTextMib(16).setKernelDataMib(memory * 3 / 8 - 32)
        .setPageTablesMib(memory / 16).setUserMib(memory * 7 / 8 - memory * 3 / 8 - memory / 16)
        .setFreeMib(memory - memory * 7 / 8).build();
  }

  private static MemoryLayout customLayout(MemoryLayout given, long memory) {
    long[] sizes = {given.getKernelTextMib(), given.getKernelDataMib(), given.getPageTablesMib(), given.getUserMib()};
    String[] names = {"kernel_text_mib", "kernel_data_mib", "page_tables_mib", "user_mib"};
    long used = 16;
    for (int i = 0; i < sizes.length; i++) {
      if (sizes[i] < 1) {
        throw ApiError.invalid("guest.layout." + names[i], "must be at least 1 MiB");
      }
      used += sizes[i];
    }
    if (used > memory) {
      throw ApiError.invalid("guest.layout", "regions need " + used + " MiB with the 16 MiB reserved, memory_mib is "
          + memory);
    }
    return given.toBuilder().setReservedMib(16).setFreeMib(memory - used).build();
  }

  private static GuestProfile guestProfile(GuestSpec spec, boolean customLayout, RebootPolicy reboot) {
    MemoryLayout l = spec.getLayout();
    // without a custom layout the domain's own Linux map is used, so both always agree
    List<Long> regions = !customLayout ? List.of() : List.of(l.getReservedMib(), l.getKernelTextMib(), l.getKernelDataMib(),
        l.getPageTablesMib(), l.getUserMib(), l.getFreeMib());
    org.perfsim.vm.RebootPolicy policy = reboot.getKind() == RebootPolicyKind.REBOOT_POLICY_KIND_AFTER_DELAY
        ? org.perfsim.vm.RebootPolicy.after(nanos(reboot.getDelay()), nanos(reboot.getBootTime()))
        : org.perfsim.vm.RebootPolicy.never();
    return new GuestProfile(spec.getVcpus(), spec.getMemoryMib(), regions, spec.getBusyShare(), policy);
  }

  static long nanos(Duration d) {
    return d.getSeconds() * 1_000_000_000L + d.getNanos();
  }
}
