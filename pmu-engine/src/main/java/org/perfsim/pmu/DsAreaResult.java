package org.perfsim.pmu;

/** What the host kernel's filling of the DS save area came to. */
public sealed interface DsAreaResult {

  /** The area is in place; the host's PEBS buffer is backed by a preallocated buffer of this many bytes. */
  record Filled(long linearAddress, int pebsBufferBytes) implements DsAreaResult {}

  /** The fields cannot describe a buffer in host memory (the PMU keeps its previous area). */
  record Rejected(String reason) implements DsAreaResult {}
}
