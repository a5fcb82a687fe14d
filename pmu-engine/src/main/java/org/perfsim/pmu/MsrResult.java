package org.perfsim.pmu;

/** What one rdmsr or wrmsr came to: the register's value, or the #GP a real CPU would raise. */
public sealed interface MsrResult {

  /**
   * The access succeeded.
   *
   * @param value for rdmsr the value read; for wrmsr the value the register holds afterwards (after the
   *     truncation or sign extension the hardware applies; 0 for write-only registers)
   */
  record Value(long value) implements MsrResult {}

  /**
   * The CPU raised a general-protection fault: the MSR does not exist on this model, is read-only, or the
   * value sets a reserved bit.
   *
   * @param reason the rule that failed, naming the MSR
   */
  record GeneralProtection(int msr, long attemptedValue, String reason) implements MsrResult {}

  /** True when the access did not fault. */
  default boolean ok() {
    return this instanceof Value;
  }
}
