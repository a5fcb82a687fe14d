package org.perfsim.pmu;

/** What a VM entry came to: the guest runs, or the entry failed while loading the guest's MSR values. */
public sealed interface VmEntryResult {

  /** The guest's MSR values are loaded and the CPU runs in the guest's context. */
  record Entered(int guestId) implements VmEntryResult {}

  /**
   * A value in the VM-entry MSR-load list would fault ("VM-entry failure due to MSR loading"), or the CPU
   * already runs a guest; the PMU keeps the host's values and stays where it was.
   *
   * @param rejected the MSR load that faulted, or null when the entry failed for another reason
   */
  record Failed(MsrWrite rejected, String reason) implements VmEntryResult {}
}
