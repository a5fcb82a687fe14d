package org.perfsim.vm;

import java.util.Locale;

/** What a guest panic came from, as a bounded label for metrics and reports. */
public enum PanicCause {
  /** Not a panic. */
  NONE,
  KERNEL_TEXT,
  KERNEL_DATA,
  PAGE_TABLES,
  /** A free page corrupted earlier was later allocated by the guest kernel. */
  LATENT_CORRUPTION;

  /** {@code kernel_text}, … as metric labels spell it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The cause of a write into {@code region} that panics the guest. */
  public static PanicCause of(RegionKind region) {
    return switch (region) {
      case KERNEL_TEXT -> KERNEL_TEXT;
      case KERNEL_DATA -> KERNEL_DATA;
      case PAGE_TABLES -> PAGE_TABLES;
      default -> throw new IllegalArgumentException(region + " does not panic a guest");
    };
  }
}
