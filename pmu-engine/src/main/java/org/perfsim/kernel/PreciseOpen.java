package org.perfsim.kernel;

import org.perfsim.id.Identified;

/**
 * A kernel policy's {@code precise-open} knob: what perf_event_open does with a precise Intel event that may
 * count guests (exclude_guest=0). Each value names the {@link KernelRule} it applies; its source is there.
 */
public enum PreciseOpen implements Identified {
  /** Accepted whatever exclude_guest (3.6, 3.8 after the revert, today). */
  ALLOW("allow", KernelRule.PRECISE_ALLOWED),
  /** EOPNOTSUPP unless exclude_guest (the 3.7-rc check, 20b279ddb38c). */
  REQUIRE_EXCLUDE_GUEST("require-exclude-guest", KernelRule.REQUIRE_EXCLUDE_GUEST),
  /** Torvalds' proposal: guests only on request (include_guest); a precise event backs off to the host. */
  INCLUDE_GUEST_HOST_ONLY("include-guest-host-only", KernelRule.INCLUDE_GUEST_HOST_ONLY);

  private final String id;
  private final KernelRule rule;

  PreciseOpen(String id, KernelRule rule) {
    this.id = id;
    this.rule = rule;
  }

  @Override
  public String id() {
    return id;
  }

  /** The rule an accepted precise event is decided by (its kernel text and source). */
  public KernelRule rule() {
    return rule;
  }

  public String source() {
    return rule.source();
  }
}
