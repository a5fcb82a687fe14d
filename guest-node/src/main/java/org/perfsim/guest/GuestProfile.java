package org.perfsim.guest;

import com.typesafe.config.Config;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.perfsim.session.GuestSpec;
import org.perfsim.session.UserShare;
import org.perfsim.vm.GuestMemoryLayout;
import org.perfsim.vm.RebootPolicy;
import org.perfsim.vm.RegionKind;
import org.perfsim.wire.CborSerializable;

/**
 * How every guest of a host is built: vCPUs, memory map, how busy its workload keeps the vCPUs, and what it
 * does after a panic. Read from {@code perfsim.fleet.guest} (documented in guest-node's reference.conf).
 *
 * @param vcpus virtual CPUs of the guest
 * @param ramMib guest RAM in MiB (the default Linux map: kernel text at 16 MiB, data, page tables, user, free)
 * @param regionSizesMib explicit region sizes in MiB in {@link RegionKind} order, or empty for the default map
 * @param busyShare share of simulated time the workload keeps each vCPU runnable, 0..1
 * @param reboot what the guest does after a panic
 * @param userShare share of each vCPU's busy time in guest user mode, 0..1
 */
public record GuestProfile(int vcpus, long ramMib, List<Long> regionSizesMib, double busyShare,
    RebootPolicy reboot, double userShare) implements CborSerializable {

  public GuestProfile {
    regionSizesMib = List.copyOf(regionSizesMib);
    if (vcpus < 1) {
      throw new IllegalArgumentException("a guest needs at least one vCPU, got " + vcpus);
    }
    if (!(busyShare >= 0 && busyShare <= 1)) {
      throw new IllegalArgumentException("busy-share must be within 0..1, got " + busyShare);
    }
    if (!regionSizesMib.isEmpty() && regionSizesMib.size() != RegionKind.values().length) {
      throw new IllegalArgumentException("memory.regions-mib needs " + RegionKind.values().length
          + " sizes (reserved, kernel-text, kernel-data, page-tables, user, free), got " + regionSizesMib);
    }
    layout(ramMib, regionSizesMib); // fails early, naming the bad sizes
    UserShare.check("workload.user-share", userShare);
  }

  /** A guest whose vCPUs split their busy time as the domain's default ({@link UserShare#GUEST_DEFAULT}). */
  public GuestProfile(int vcpus, long ramMib, List<Long> regionSizesMib, double busyShare, RebootPolicy reboot) {
    this(vcpus, ramMib, regionSizesMib, busyShare, reboot, UserShare.GUEST_DEFAULT);
  }

  /** The default 2 GiB guest with {@code vcpus} vCPUs. */
  public static GuestProfile linux(int vcpus, double busyShare, RebootPolicy reboot) {
    return new GuestProfile(vcpus, 2048, List.of(), busyShare, reboot);
  }

  /** Reads a {@code perfsim.fleet.guest} block. */
  public static GuestProfile from(Config guest) {
    return new GuestProfile(guest.getInt("vcpus"), guest.getLong("memory.ram-mib"),
        guest.getLongList("memory.regions-mib"), guest.getDouble("workload.busy-share"),
        rebootPolicy(guest.getConfig("reboot")), guest.getDouble("workload.user-share"));
  }

  /** Guest number {@code id} as the domain builds it. */
  public GuestSpec toSpec(int id) {
    return new GuestSpec(id, vcpus, layout(ramMib, regionSizesMib), busyShare, reboot, userShare);
  }

  private static GuestMemoryLayout layout(long ramMib, List<Long> regionSizesMib) {
    if (regionSizesMib.isEmpty()) {
      return GuestMemoryLayout.linuxGuest(ramMib);
    }
    GuestMemoryLayout layout = GuestMemoryLayout.ofSizes(List.of(RegionKind.values()), regionSizesMib);
    if (layout.ramBytes() != ramMib << 20) {
      throw new IllegalArgumentException("memory.regions-mib " + regionSizesMib + " add up to "
          + (layout.ramBytes() >> 20) + " MiB, memory.ram-mib is " + ramMib);
    }
    return layout;
  }

  private static RebootPolicy rebootPolicy(Config reboot) {
    String policy = reboot.getString("policy");
    return switch (policy) {
      case "none" -> RebootPolicy.never();
      case "after-delay" -> RebootPolicy.after(reboot.getDuration("delay", TimeUnit.NANOSECONDS),
          reboot.getDuration("boot-time", TimeUnit.NANOSECONDS));
      default -> throw new IllegalArgumentException(
          "perfsim.fleet.guest.reboot.policy must be none or after-delay, got " + policy);
    };
  }
}
