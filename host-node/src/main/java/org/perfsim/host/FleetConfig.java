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
 * @param askTimeout wall-clock bound on any one request to a host (provisioning, a whole session)
 * @param wallPerSimulatedSecond wall-clock time a session may take on top of {@code askTimeout} per
 *     simulated second of its workload (so {@code sleep 86400} is not cut off after the ask timeout)
 * @param guest how each guest is built
 * @param hostUserShare share of every host's own tasks' time in host user mode
 */
public record FleetConfig(int hosts, int guestsPerHost, String cpu, String kernel, String perfVersion, int pcpus,
    Duration step, Duration askTimeout, Duration wallPerSimulatedSecond, GuestProfile guest, double hostUserShare) {

  private static final Duration MAX_SESSION_WAIT = Duration.ofDays(1);
  /**
   * The session's pCPUs that one {@code session-wall-per-simulated-second} allowance covers: the wall time a
   * session takes follows the pCPUs it steps times its simulated time (every pCPU plays every slice), so the
   * bound grows with the session's work instead of failing a correct session because the fleet is big.
   * Measured: about 1,600 pCPU-seconds are simulated per core-second (docs/PERFORMANCE.md), so a 2-core
   * machine under load still finishes 1,000 pCPU-seconds well inside one allowance.
   */
  public static final int PCPUS_PER_WALL_ALLOWANCE = 1_000;
  /**
   * The guests that one {@code ask-timeout} covers when hosts are provisioned together: every host of a batch
   * is asked at once, so the last one answers after the whole batch's guests were built, and the bound
   * follows the batch instead of failing a correct provisioning because the fleet is big.
   */
  public static final int GUESTS_PER_PROVISION_ALLOWANCE = 2_000;

  public FleetConfig {
    if (hosts < 1) {
      throw new IllegalArgumentException("a fleet needs at least one host, got " + hosts);
    }
    if (CpuModel.byId(cpu).isEmpty()) {
      throw new IllegalArgumentException("unknown cpu '" + cpu + "', expected one of " + CpuModel.validIds());
    }
    if (wallPerSimulatedSecond.isNegative()) {
      throw new IllegalArgumentException("perfsim.fleet.session-wall-per-simulated-second must not be negative, got "
          + wallPerSimulatedSecond);
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
        fleet.getDuration("session-wall-per-simulated-second"), GuestProfile.from(fleet.getConfig("guest")),
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

  /** How long to wait for a host's result of a one-host session whose workload lasts {@code workloadNanos}. */
  public Duration sessionTimeout(long workloadNanos) {
    return sessionTimeout(workloadNanos, 1);
  }

  /**
   * How long to wait for a host's result of a session on {@code sessionHosts} hosts whose workload lasts
   * {@code workloadNanos} simulated: the ask timeout plus the allowance per simulated second for every
   * {@link #PCPUS_PER_WALL_ALLOWANCE} pCPUs the session steps (at least one allowance).
   */
  public Duration sessionTimeout(long workloadNanos, int sessionHosts) {
    double allowances = Math.max(1.0, (double) Math.max(1, sessionHosts) * pcpus / PCPUS_PER_WALL_ALLOWANCE);
    double allowanceNanos = wallPerSimulatedSecond.toNanos() * (workloadNanos / 1e9) * allowances;
    // the scheduler behind an ask takes no delay of a year; a day of wall time is past any sensible session
    return askTimeout.plus(Duration.ofNanos((long) Math.min(allowanceNanos, MAX_SESSION_WAIT.toNanos())));
  }

  /**
   * How long to wait for one host of {@code batchHosts} provisioned together, each with {@code guestsPerHost}
   * guests: the ask timeout for every {@link #GUESTS_PER_PROVISION_ALLOWANCE} guests of the batch (hosts
   * count as one guest each, so a batch of guestless hosts is bounded too), at least once.
   */
  public Duration provisionTimeout(int batchHosts, int guestsPerHost) {
    long units = (long) Math.max(1, batchHosts) * Math.max(1, guestsPerHost);
    long allowances = Math.max(1, (units + GUESTS_PER_PROVISION_ALLOWANCE - 1) / GUESTS_PER_PROVISION_ALLOWANCE);
    return askTimeout.multipliedBy(allowances);
  }

  public FleetConfig withSize(int newHosts, int newGuestsPerHost) {
    return new FleetConfig(newHosts, newGuestsPerHost, cpu, kernel, perfVersion, pcpus, step, askTimeout,
        wallPerSimulatedSecond, guest, hostUserShare);
  }

  public FleetConfig withPcpus(int newPcpus) {
    return new FleetConfig(hosts, guestsPerHost, cpu, kernel, perfVersion, newPcpus, step, askTimeout,
        wallPerSimulatedSecond, guest, hostUserShare);
  }

  public FleetConfig withHost(String newCpu, String newKernel, String newPerfVersion) {
    return new FleetConfig(hosts, guestsPerHost, newCpu, newKernel, newPerfVersion, pcpus, step, askTimeout, wallPerSimulatedSecond,
        guest, hostUserShare);
  }
}
