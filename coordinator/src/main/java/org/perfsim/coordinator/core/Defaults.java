package org.perfsim.coordinator.core;

import java.time.Duration;

/**
 * What an unset request field, or an unset CLI option, means: the 2012 setup (Ivy Bridge, a 3.6 kernel)
 * examined with today's perf. The one place these values live; docs/API.md lists them.
 */
public final class Defaults {
  private Defaults() {}

  public static final String CPU = "ivybridge";
  public static final String KERNEL = "3.6";
  /** The perf generation installed on hosts the API provisions, and the one EncodeEvents parses with. */
  public static final String PERF = "6.1";
  /** The kernel a matrix regression is measured against. */
  public static final String BASELINE_KERNEL = KERNEL;
  public static final int PCPUS = 4;
  public static final int GUESTS_PER_HOST = 4;
  /** Hosts {@code perfsim serve} and the embedded client verbs start with. */
  public static final int INITIAL_HOSTS = 4;
  public static final long SEED = 2012;
  /** A perf.data file's first samples per pCPU when the request asks for a file without saying how many. */
  public static final int PERF_DATA_SAMPLES_PER_CPU = 1000;
  public static final int GUEST_VCPUS = 1;
  public static final long GUEST_MEMORY_MIB = 2048;
  public static final double GUEST_BUSY_SHARE = 1.0;
  public static final Duration REBOOT_DELAY = Duration.ofSeconds(10);
  public static final Duration REBOOT_BOOT_TIME = Duration.ofSeconds(30);
  /** CPUs OpenAttr's kernel has online. */
  public static final int ONLINE_CPUS = PCPUS;
  /** {@code /proc/sys/kernel/perf_event_paranoid}'s default since Linux 4.6 (the domain's). */
  public static final int PERF_EVENT_PARANOID = org.perfsim.kernel.PerfPermissions.DEFAULT_PARANOID;
  /**
   * The capabilities a session's perf (and a matrix's) runs with when the request names none: root, so
   * sessions run as they did before capabilities were modelled. A literal for the CLI's option texts; tested to
   * name the domain's {@code Capabilities.DEFAULT}.
   */
  public static final String CALLER_CAPABILITIES = "sys_admin";

  /**
   * How long a host of a running session gets to answer "where are you" after a cluster member was lost;
   * no answer marks it unreachable at once instead of waiting the session's whole ask bound.
   */
  public static final Duration LOST_NODE_PROBE = Duration.ofSeconds(5);

  /**
   * How often a running session is written to the session store while its hosts report: at most once per
   * interval (and always when it starts and ends), since each write is the whole session so far; writing it
   * on every host's result made a session of 25,000 hosts quadratic.
   */
  public static final Duration SESSION_JOURNAL_INTERVAL = Duration.ofSeconds(1);
}
