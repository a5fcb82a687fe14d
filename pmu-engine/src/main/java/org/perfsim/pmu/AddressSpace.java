package org.perfsim.pmu;

import java.util.OptionalLong;

/**
 * Page tables as the CPU walks them: a linear address to a physical address, or not present. Perfsim models
 * the part of the x86-64 Linux layout the PEBS story needs, the kernel's direct map of physical RAM.
 */
public interface AddressSpace {

  /** {@link #translate} result for a linear address with no present mapping. */
  long NOT_PRESENT = -1L;

  /** Start of the Linux x86-64 direct map (PAGE_OFFSET) in the 2012 layout: linear = this + physical. */
  long DIRECT_MAP_BASE_2012 = 0xffff880000000000L;

  /** x86 page size: translation is page-granular, so a write is checked page by page. */
  int PAGE_SIZE = 4096;

  /** The physical address of {@code linear}, or {@link #NOT_PRESENT}; allocation-free for the hot path. */
  long translate(long linear);

  /** {@link #translate} as an optional, for callers off the hot path. */
  default OptionalLong translateOptional(long linear) {
    long physical = translate(linear);
    return physical == NOT_PRESENT ? OptionalLong.empty() : OptionalLong.of(physical);
  }

  /** Physical address behind a direct map at {@code base} covering {@code ramBytes}, or not present. */
  static long directMap(long linear, long base, long ramBytes) {
    long offset = linear - base;
    // Unsigned compare: addresses below the base wrap to huge offsets and fall outside RAM.
    return Long.compareUnsigned(offset, ramBytes) < 0 ? offset : NOT_PRESENT;
  }
}
