package org.perfsim.vm;

/** Where a guest VM is in its life, as an operator's console would show it. */
public enum GuestState {
  /** Booted and healthy: its vCPUs run when the workload makes them runnable. */
  RUNNING,
  /** Still running, but PEBS writes corrupted memory nobody has read yet (latent corruption). */
  CORRUPTED,
  /** The guest kernel panicked; its vCPUs no longer run. */
  PANICKED,
  /** Coming back after a panic, as its reboot policy asks; its vCPUs do not run yet. */
  REBOOTING,
  /** Shut down by the operator. */
  STOPPED;

  /** Whether the guest's vCPUs can be scheduled (and so can be written to by a leaking PEBS assist). */
  public boolean vcpusRun() {
    return this == RUNNING || this == CORRUPTED;
  }
}
