package org.perfsim.host;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.perfsim.cpu.CpuModel;
import org.perfsim.guest.GuestProfile;
import org.perfsim.session.UserShare;

/**
 * The fleet as configured under {@code perfsim.fleet} (every key documented in host-node's
 * reference.conf): how many hosts, what each one is, and how the hosts step simulated time.
 *
 * @param hosts number of simulated hosts, entity ids {@code host-0 .. host-(hosts-1)}
 * @param guestsPerHost guest VMs on each host
 * @param cpu CPU model id of every host
 * @param kernel kernel policy of every host
 * @param perfVersion perf generation installed on every host
 * @param pcpus physical CPUs per host
 * @param step simulated time a host advances between two exchanges with its guests
 * @param askTimeout wall-clock bound on one request to a host that answers at once (provisioning one host,
 *     a description, a guest's stop or reboot); a session is bounded by {@code sessionSilence} instead
 * @param sessionSilence wall-clock time a host running a session may go without reporting progress before
 *     whoever awaits its result gives up on it
 * @param provisionWindow hosts provisioned together that are asked at once at most; the next one is asked as
 *     one of them answers, so each ask's timeout measures one host's work however many hosts the request has
 * @param guest how each guest is built
 * @param hostUserShare share of every host's own tasks' time in host user mode
 */
public record FleetConfig(int hosts, int guestsPerHost, String cpu, String kernel, String perfVersion, int pcpus,
    Duration step, Duration askTimeout, Duration sessionSilence, int provisionWindow, GuestProfile guest,
    double hostUserShare) {

  public FleetConfig {
    if (hosts < 1) {
      throw new IllegalArgumentException("a fleet needs at least one host, got " + hosts);
    }
    if (CpuModel.byId(cpu).isEmpty()) {
      throw new IllegalArgumentException("unknown cpu '" + cpu + "', expected one of " + CpuModel.validIds());
    }
    if (sessionSilence.isNegative() || sessionSilence.isZero()) {
      throw new IllegalArgumentException("perfsim.fleet.session-silence must be positive, got " + sessionSilence);
    }
    if (provisionWindow < 1) {
      throw new IllegalArgumentException("perfsim.fleet.provision-window must be at least 1, got " + provisionWindow);
    }
    if (step.isNegative() || step.isZero()) {
      throw new IllegalArgumentException("perfsim.fleet.step must be positive, got " + step);
    }
    UserShare.check("perfsim.fleet.host-user-share", hostUserShare);
  }

  /** Reads {@code perfsim.fleet} from a loaded config (reference.conf supplies every default). */
  public static FleetConfig from(Config root) {
    Config fleet = root.getConfig("perfsim.fleet");
    return new FleetConfig(fleet.getInt("hosts"), fleet.getInt("guests-per-host"), fleet.getString("cpu"),
        fleet.getString("kernel"), fleet.getString("perf-version"), fleet.getInt("pcpus"),
        fleet.getDuration("step"), fleet.getDuration("ask-timeout"),
        fleet.getDuration("session-silence"), fleet.getInt("provision-window"), GuestProfile.from(fleet.getConfig("guest")),
        fleet.getDouble("host-user-share"));
  }

  /** The defaults from reference.conf, with application.conf and system properties on top. */
  public static FleetConfig load() {
    return from(ConfigFactory.load());
  }

  /** The entity id of host number {@code index}. */
  public static String hostId(int index) {
    return "host-" + index;
  }

  /** Every host of the fleet, all alike. */
  public List<HostProfile> hostProfiles() {
    return IntStream.range(0, hosts)
        .mapToObj(i -> new HostProfile(hostId(i), cpu, kernel, perfVersion, pcpus, guestsPerHost, guest,
            hostUserShare))
        .toList();
  }

  public FleetConfig withSize(int newHosts, int newGuestsPerHost) {
    return new FleetConfig(newHosts, newGuestsPerHost, cpu, kernel, perfVersion, pcpus, step, askTimeout,
        sessionSilence, provisionWindow, guest, hostUserShare);
  }

  public FleetConfig withPcpus(int newPcpus) {
    return new FleetConfig(hosts, guestsPerHost, cpu, kernel, perfVersion, newPcpus, step, askTimeout,
        sessionSilence, provisionWindow, guest, hostUserShare);
  }

  public FleetConfig withHost(String newCpu, String newKernel, String newPerfVersion) {
    return new FleetConfig(hosts, guestsPerHost, newCpu, newKernel, newPerfVersion, pcpus, step, askTimeout, sessionSilence,
        provisionWindow, guest, hostUserShare);
  }
}
