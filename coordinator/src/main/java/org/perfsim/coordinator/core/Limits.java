package org.perfsim.coordinator.core;

import java.time.Duration;

/**
 * Every bound the coordinator puts on a request, in one place (docs/API.md "Limits" lists them). A
 * request past one is INVALID_ARGUMENT or RESOURCE_EXHAUSTED naming the field; a list past its page
 * size is cut, not refused.
 */
public final class Limits {
  private Limits() {}

  /** Hosts a fleet may grow to unless {@code perfsim serve --max-hosts} says otherwise. */
  public static final int MAX_HOSTS = 10_000;
  /** Finished sessions kept for GetSession/ListSessions; older ones are forgotten. */
  public static final int RETAINED_SESSIONS = 1_000;
  /** Largest request message the server reads. */
  public static final int MAX_MESSAGE_BYTES = 4 << 20;
  /** Largest request metadata the server reads. */
  public static final int MAX_METADATA_BYTES = 64 << 10;
  public static final int MAX_PCPUS = 256;
  public static final int MAX_GUESTS_PER_HOST = 256;
  public static final int MAX_GUEST_VCPUS = 64;
  /** 1 TiB. */
  public static final long MAX_GUEST_MEMORY_MIB = 1L << 20;
  /** The smallest guest the default Linux layout fits in. */
  public static final long MIN_DEFAULT_LAYOUT_MIB = 1024;
  public static final int MAX_LABELS = 32;
  public static final int HOSTS_PAGE_SIZE = 100;
  public static final int SESSIONS_PAGE_SIZE = 50;
  public static final int EXPERIMENTS_PAGE_SIZE = 50;
  public static final int MAX_PAGE_SIZE = 1000;
  /** Cases one RunMatrix call may ask for. */
  public static final int MAX_MATRIX_CASES = 5000;
  /** Longest attr OpenAttr takes: past the kernel's 4096-byte page, but bounded. */
  public static final int MAX_ATTR_BYTES = 65536;
  public static final int MAX_ONLINE_CPUS = MAX_PCPUS;
  /** Repetitions (seeds) one experiment run may ask for. */
  public static final int MAX_EXPERIMENT_REPETITIONS = 100;
  /** Steps one experiment's method may have. */
  public static final int MAX_EXPERIMENT_STEPS = 100;
  /** Stages one staged-rollout step may have. */
  public static final int MAX_ROLLOUT_STAGES = 20;
  /** Experiments running at once on a server. */
  public static final int MAX_RUNNING_EXPERIMENTS = 16;
  /** Ended experiments a server without a store keeps for GetExperiment/ListExperiments (a store keeps all). */
  public static final int RETAINED_EXPERIMENTS = 1_000;
  /**
   * Samples one host's perf.data file holds at most, over all its pCPUs (a session's
   * {@code perf_data_max_samples_per_cpu} is lowered to fit): the file travels in one streamed message.
   */
  public static final int MAX_PERF_DATA_SAMPLES_PER_HOST = org.perfsim.perfdata.SampleRecorder.MAX_SAMPLES_PER_FILE;
  /** How long CancelSession waits for the hosts to report what perf had before it answers. */
  public static final Duration CANCEL_WAIT = Duration.ofSeconds(30);
  /** Kernel policy files one AbiCheck request may define inline, and the longest of them. */
  public static final int MAX_KERNEL_POLICY_FILES = 16;
  public static final int MAX_KERNEL_POLICY_FILE_BYTES = 64 << 10;

  /** Longest perf command a session takes: {@code command_line}, or argv's words counted with a blank between. */
  public static final int MAX_COMMAND_CHARS = 16 * 1024;
  /** Most words in a session's argv. */
  public static final int MAX_ARGV_WORDS = 1024;
  /** Longest id or page token a request may name (session, host, experiment ids; page tokens). */
  public static final int MAX_ID_CHARS = 256;
  /** Longest page token a list call takes (the server's own are far shorter). */
  public static final int MAX_PAGE_TOKEN_CHARS = 2048;
  /** Sessions running at once on one server; each also claims its hosts, so two never share one. */
  public static final int MAX_RUNNING_SESSIONS = 100;

  // The work a session may cause, checked before anything runs: perfsim steps every pCPU of every host
  // through the whole workload and materializes each sample, so its CPU time grows with
  // simulated seconds x samples per second x hosts.

  /** Longest workload ({@code sleep N}) a session may simulate: a little over a day. */
  public static final Duration MAX_WORKLOAD = Duration.ofSeconds(100_000);
  /** How often an event counts, for a period ({@code -c N}, {@code period=N}): cycles at 3 GHz. */
  public static final long ASSUMED_EVENTS_PER_SECOND = 3_000_000_000L;
  /** Highest sampling rate per CPU a session may ask for: {@code -F} up to 1 MHz, {@code -c 3000} and up. */
  public static final long MAX_SAMPLES_PER_SECOND = 1_000_000;
  /** What a second costs at the least, even counting without samples: every pCPU steps each simulated ms. */
  public static final long MIN_WORK_PER_SECOND = 1_000;
  /**
   * Largest simulated seconds x samples per second x hosts a session may cost. Sized by measurement: a
   * billion samples cost the coordinator seconds of CPU, not minutes; e.g. 4000 Hz for 100 000 s on one host,
   * or for 10 s on 10 000 hosts, is 4 x 10^8.
   */
  public static final long MAX_SESSION_WORK = 1_000_000_000L;

  /** Longest reboot delay or boot time a host's reboot policy may give (simulated nanoseconds fit a long). */
  public static final Duration MAX_REBOOT_DURATION = Duration.ofDays(365);

  /** A list call's page size: 0 means {@code fallback}, negative is refused, above the maximum is capped. */
  public static int pageSize(int requested, int fallback) {
    if (requested < 0) {
      throw CoreError.invalid("page_size", "must not be negative, got " + requested);
    }
    return requested == 0 ? fallback : Math.min(requested, MAX_PAGE_SIZE);
  }

  /** {@code text} if at most {@code max} characters long, else INVALID_ARGUMENT on {@code field} (the text is not echoed). */
  public static String atMost(String field, String text, int max) {
    if (text.length() > max) {
      throw CoreError.invalid(field, "at most " + max + " characters, got " + text.length());
    }
    return text;
  }

  /** {@code value} (an unsigned 32-bit field) if within {@code min..max}, else INVALID_ARGUMENT on {@code field}. */
  public static int within(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw CoreError.invalid(field, "must be within " + min + ".." + max + ", got " + Integer.toUnsignedString(value));
    }
    return value;
  }
}
