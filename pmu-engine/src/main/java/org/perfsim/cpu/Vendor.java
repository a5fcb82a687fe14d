package org.perfsim.cpu;

/** Who made the CPU; decides which PMU driver (and so which precise mechanism) the kernel uses. */
public enum Vendor {
  INTEL, AMD, ARM
}
