package org.perfsim.vm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A guest's RAM as contiguous regions from guest-physical 0 to its size. A Linux guest's kernel owns most
 * of low memory (text at 16 MiB, then slab and page tables), user pages and free pages lie above.
 */
public record GuestMemoryLayout(long ramBytes, List<Region> regions) {
  private static final long MIB = 1L << 20;

  /** One region, [start, end). */
  public record Region(RegionKind kind, long start, long end) {
    public boolean contains(long gpa) {
      return gpa >= start && gpa < end;
    }
  }

  public GuestMemoryLayout {
    regions = List.copyOf(regions);
    long expected = 0;
    for (Region r : regions) {
      if (r.start() != expected || r.end() <= r.start()) {
        throw new IllegalArgumentException("guest memory regions must tile [0, " + ramBytes + ") in order: "
            + r.kind() + " [" + r.start() + ", " + r.end() + ") after " + expected);
      }
      expected = r.end();
    }
    if (expected != ramBytes) {
      throw new IllegalArgumentException("guest memory regions end at " + expected + ", RAM is " + ramBytes);
    }
  }

  /**
   * The default Linux guest of {@code ramMib} MiB (at least 1024): reserved below 16 MiB, kernel text
   * 16-32 MiB, kernel data up to 3/8 of RAM, page tables the next 1/16, user pages to 7/8, free pages last.
   */
  public static GuestMemoryLayout linuxGuest(long ramMib) {
    if (ramMib < 1024) {
      throw new IllegalArgumentException("guest RAM must be at least 1024 MiB: " + ramMib);
    }
    long ram = ramMib * MIB;
    long dataEnd = ram / 8 * 3;
    long tablesEnd = dataEnd + ram / 16;
    long userEnd = ram / 8 * 7;
    return new GuestMemoryLayout(ram, List.of(
        new Region(RegionKind.RESERVED, 0, 16 * MIB),
        new Region(RegionKind.KERNEL_TEXT, 16 * MIB, 32 * MIB),
        new Region(RegionKind.KERNEL_DATA, 32 * MIB, dataEnd),
        new Region(RegionKind.PAGE_TABLES, dataEnd, tablesEnd),
        new Region(RegionKind.USER, tablesEnd, userEnd),
        new Region(RegionKind.FREE, userEnd, ram)));
  }

  /** Builds a layout from region sizes in MiB, in order. */
  public static GuestMemoryLayout ofSizes(List<RegionKind> kinds, List<Long> sizesMib) {
    List<Region> list = new ArrayList<>();
    long at = 0;
    for (int i = 0; i < kinds.size(); i++) {
      list.add(new Region(kinds.get(i), at, at + sizesMib.get(i) * MIB));
      at += sizesMib.get(i) * MIB;
    }
    return new GuestMemoryLayout(at, list);
  }

  public Optional<Region> regionAt(long gpa) {
    return regions.stream().filter(r -> r.contains(gpa)).findFirst();
  }

  public List<Region> byStart() {
    return regions.stream().sorted(Comparator.comparingLong(Region::start)).toList();
  }
}
