package org.perfsim.pmu;

/** One wrmsr: how the kernel programs the PMU, and how KVM's VM-entry switch list is expressed. */
public record MsrWrite(int msr, long value) {
  @Override
  public String toString() {
    return Msr.name(msr) + "=0x" + Long.toHexString(value);
  }
}
