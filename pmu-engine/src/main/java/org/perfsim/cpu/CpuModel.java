package org.perfsim.cpu;

import java.util.Optional;
import org.perfsim.id.Identified;

/**
 * The CPU models a simulated host can have, with what their PMU offers. Which precise level a kernel
 * allows on them is the kernel's rule (see the kernel package), computed from these facts.
 */
public enum CpuModel implements Identified {
  CORE2("core2", "Intel Core 2 (Merom/Penryn)", Vendor.INTEL, 2, 3, 40, PebsFormat.FMT0, true, false, false, PebsIsolation.NONE),
  NEHALEM("nehalem", "Intel Nehalem", Vendor.INTEL, 4, 3, 48, PebsFormat.FMT1, true, false, false, PebsIsolation.NONE),
  SANDYBRIDGE("sandybridge", "Intel Sandy Bridge", Vendor.INTEL, 4, 3, 48, PebsFormat.FMT1, true, false, false, PebsIsolation.NONE),
  IVYBRIDGE("ivybridge", "Intel Ivy Bridge", Vendor.INTEL, 4, 3, 48, PebsFormat.FMT1, true, true, false, PebsIsolation.NONE),
  HASWELL("haswell", "Intel Haswell", Vendor.INTEL, 4, 3, 48, PebsFormat.FMT2, true, true, false, PebsIsolation.WITH_MICROCODE),
  SKYLAKE("skylake", "Intel Skylake", Vendor.INTEL, 4, 3, 48, PebsFormat.FMT3, true, true, false, PebsIsolation.WITH_MICROCODE),
  ICELAKE("icelake", "Intel Ice Lake (server)", Vendor.INTEL, 8, 4, 48, PebsFormat.FMT4_ADAPTIVE, true, true, true, PebsIsolation.ARCHITECTURAL),
  AMD_ZEN("amd-zen", "AMD Zen 2", Vendor.AMD, 6, 0, 48, null, false, false, false, PebsIsolation.NO_PEBS),
  ARM64("arm64", "Arm Neoverse N1 (arm64)", Vendor.ARM, 6, 1, 32, null, false, false, false, PebsIsolation.NO_PEBS);

  /**
   * The CPU a host has when nobody says otherwise (the 2012 story's Ivy Bridge): {@code perfsim attr}
   * without {@code --cpu}, {@code PerfCommandParser} without a machine, the matrix without
   * {@code --cpus}. (The coordinator's own defaults still spell "ivybridge"; they should use this.)
   */
  public static final CpuModel DEFAULT = IVYBRIDGE;

  private final String id;
  private final String displayName;
  private final Vendor vendor;
  private final int generalCounters;
  private final int fixedCounters;
  private final int counterWidthBits;
  private final PebsFormat pebsFormat;
  private final boolean hasLbr;
  private final boolean hasPreciseDistribution;
  private final boolean virtualizesPebs;
  private final PebsIsolation pebsIsolation;

  CpuModel(String id, String displayName, Vendor vendor, int generalCounters, int fixedCounters,
      int counterWidthBits, PebsFormat pebsFormat, boolean hasLbr, boolean hasPreciseDistribution,
      boolean virtualizesPebs, PebsIsolation pebsIsolation) {
    this.id = id;
    this.displayName = displayName;
    this.vendor = vendor;
    this.generalCounters = generalCounters;
    this.fixedCounters = fixedCounters;
    this.counterWidthBits = counterWidthBits;
    this.pebsFormat = pebsFormat;
    this.hasLbr = hasLbr;
    this.hasPreciseDistribution = hasPreciseDistribution;
    this.virtualizesPebs = virtualizesPebs;
    this.pebsIsolation = pebsIsolation;
  }

  /** The name used on the command line and in reports ({@code ivybridge}). */
  @Override
  public String id() {
    return id;
  }

  public String displayName() {
    return displayName;
  }

  public Vendor vendor() {
    return vendor;
  }

  /** Only x86 has the Debug Store, and so the PEBS write path that can land in a guest. */
  public boolean isX86() {
    return vendor != Vendor.ARM;
  }

  public int generalCounters() {
    return generalCounters;
  }

  public int fixedCounters() {
    return fixedCounters;
  }

  public int counterWidthBits() {
    return counterWidthBits;
  }

  public boolean hasPebs() {
    return pebsFormat != null;
  }

  public Optional<PebsFormat> pebsFormat() {
    return Optional.ofNullable(pebsFormat);
  }

  /** Last Branch Records: lets the kernel fix up PEBS's off-by-one IP (precise_ip 2). */
  public boolean hasLbr() {
    return hasLbr;
  }

  /** PDIR (pebs_prec_dist): precise distribution of instructions retired, Ivy Bridge and later. */
  public boolean hasPreciseDistribution() {
    return hasPreciseDistribution;
  }

  /** Ice Lake and later can give a guest its own PEBS instead of leaking the host's. */
  public boolean virtualizesPebs() {
    return virtualizesPebs;
  }

  /**
   * Whether a PEBS assist stops at the VM-entry boundary by itself (see {@link PebsIsolation} for the
   * kernel's table; perfsim's hosts run current microcode).
   */
  public PebsIsolation pebsIsolation() {
    return pebsIsolation;
  }

  /** The CPU model named {@code id} by the one rule of {@link Identified#byId}: blanks and case ignored. */
  public static Optional<CpuModel> byId(String id) {
    return Identified.byId(values(), id);
  }

  /** Comma-separated ids, for error messages that list what is valid. */
  public static String validIds() {
    return Identified.validIds(values());
  }
}
