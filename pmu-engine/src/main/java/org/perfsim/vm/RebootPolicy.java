package org.perfsim.vm;

/**
 * What a guest does after a panic: stay down, or reboot once {@code delayNanos} of simulated time have
 * passed and be running again {@code bootNanos} later, with fresh memory.
 *
 * @param reboots whether the guest reboots at all
 * @param delayNanos simulated time from the panic to the start of the reboot
 * @param bootNanos simulated time the reboot takes
 */
public record RebootPolicy(boolean reboots, long delayNanos, long bootNanos) {

  public RebootPolicy {
    if (delayNanos < 0 || bootNanos < 0) {
      throw new IllegalArgumentException("reboot delay and boot time must not be negative");
    }
  }

  /** A panicked guest stays panicked (the 2012 default: someone has to notice). */
  public static RebootPolicy never() {
    return new RebootPolicy(false, 0, 0);
  }

  /** Reboot {@code delayNanos} after the panic; running again {@code bootNanos} after that. */
  public static RebootPolicy after(long delayNanos, long bootNanos) {
    return new RebootPolicy(true, delayNanos, bootNanos);
  }

  @Override
  public String toString() {
    return reboots ? "reboot after %d ms (boot %d ms)".formatted(delayNanos / 1_000_000, bootNanos / 1_000_000)
        : "never reboot";
  }
}
