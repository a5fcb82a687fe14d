package org.perfsim.guest;

import com.typesafe.config.Config;
import java.util.concurrent.TimeUnit;
import org.perfsim.wire.CborSerializable;

/**
 * How every guest of a host is built: vCPUs, how busy its workload keeps them, and what it does after a
 * panic. Read from {@code perfsim.fleet.guest} (documented in guest-node's reference.conf).
 *
 * @param vcpus virtual CPUs of the guest
 * @param busyShare share of simulated time the workload keeps each vCPU runnable, 0..1
 * @param reboot what the guest does after a panic
 */
public record GuestProfile(int vcpus, double busyShare, RebootPolicy reboot) implements CborSerializable {

  public GuestProfile {
    if (vcpus < 1) {
      throw new IllegalArgumentException("a guest needs at least one vCPU, got " + vcpus);
    }
    if (!(busyShare >= 0 && busyShare <= 1)) {
      throw new IllegalArgumentException("busy-share must be within 0..1, got " + busyShare);
    }
  }

  /** Reads a {@code perfsim.fleet.guest} block. */
  public static GuestProfile from(Config guest) {
    return new GuestProfile(guest.getInt("vcpus"), guest.getDouble("workload.busy-share"),
        rebootPolicy(guest.getConfig("reboot")));
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
