package org.perfsim.pmu;

/** Who the CPU runs for right now: the host, or a guest vCPU with its own page tables. */
public sealed interface ExecutionContext {

  Ring ring();

  /** The host kernel or a host process; linear addresses go through the host's page tables. */
  record Host(Ring ring) implements ExecutionContext {}

  /** A guest vCPU; linear addresses (the PEBS assist's included) go through the guest's page tables. */
  record Guest(int guestId, Ring ring, GuestAddressSpace addressSpace) implements ExecutionContext {}
}
