package org.perfsim.vm;

/** What a range of guest-physical memory holds, which decides what a stray write does to the guest. */
public enum RegionKind {
  RESERVED("firmware/reserved low memory", Consequence.IGNORED),
  KERNEL_TEXT("guest kernel text", Consequence.PANIC),
  KERNEL_DATA("guest kernel data (slab, per-CPU areas)", Consequence.PANIC),
  PAGE_TABLES("guest page tables", Consequence.PANIC),
  USER("user process memory", Consequence.PROCESS_KILLED),
  FREE("free pages", Consequence.LATENT);

  /** What a write into such a region leads to. */
  public enum Consequence { PANIC, PROCESS_KILLED, LATENT, IGNORED }

  private final String description;
  private final Consequence consequence;

  RegionKind(String description, Consequence consequence) {
    this.description = description;
    this.consequence = consequence;
  }

  public String description() {
    return description;
  }

  public Consequence consequence() {
    return consequence;
  }
}
