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
  public static final int MAX_PAGE_SIZE = 1000;
  /** Cases one RunMatrix call may ask for. */
  public static final int MAX_MATRIX_CASES = 5000;
  /** Longest attr OpenAttr takes: past the kernel's 4096-byte page, but bounded. */
  public static final int MAX_ATTR_BYTES = 65536;
  public static final int MAX_ONLINE_CPUS = MAX_PCPUS;
  /** How long CancelSession waits for the hosts to report what perf had before it answers. */
  public static final Duration CANCEL_WAIT = Duration.ofSeconds(30);
  /** Kernel policy files one AbiCheck request may define inline, and the longest of them. */
  public static final int MAX_KERNEL_POLICY_FILES = 16;
  public static final int MAX_KERNEL_POLICY_FILE_BYTES = 64 << 10;

  /** A list call's page size: 0 means {@code fallback}, negative is refused, above the maximum is capped. */
  public static int pageSize(int requested, int fallback) {
    if (requested < 0) {
      throw CoreError.invalid("page_size", "must not be negative, got " + requested);
    }
    return requested == 0 ? fallback : Math.min(requested, MAX_PAGE_SIZE);
  }

  /** {@code value} (an unsigned 32-bit field) if within {@code min..max}, else INVALID_ARGUMENT on {@code field}. */
  public static int within(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw CoreError.invalid(field, "must be within " + min + ".." + max + ", got " + Integer.toUnsignedString(value));
    }
    return value;
  }
}
