package org.perfsim.vm;

/** What one stray write did to a guest, with a reason a person can read. */
public sealed interface WriteEffect {
  String reason();

  record Panic(long guestPhysical, RegionKind region, String reason) implements WriteEffect {}

  record ProcessKilled(long guestPhysical, String reason) implements WriteEffect {}

  record LatentCorruption(long guestPhysical, String reason) implements WriteEffect {}

  record Ignored(long guestPhysical, String reason) implements WriteEffect {}
}
