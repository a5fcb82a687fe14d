package org.perfsim.vm;

/**
 * What PEBS writes did to one guest since its host was provisioned (a reboot keeps the counts).
 *
 * @param lastPanicReason the guest console's text for its last panic, empty if it never panicked
 */
public record GuestDamage(int panics, int processesKilled, int latentCorruptions, String lastPanicReason) {
  public static final GuestDamage NONE = new GuestDamage(0, 0, 0, "");

  /** The counts after {@code event}; events that are not damage (a reboot, a stop) leave them as they are. */
  public GuestDamage plus(GuestEvent event) {
    return switch (event.kind()) {
      case PANICKED -> new GuestDamage(panics + 1, processesKilled, latentCorruptions, event.detail());
      case PROCESS_KILLED -> new GuestDamage(panics, processesKilled + 1, latentCorruptions, lastPanicReason);
      case MEMORY_CORRUPTED -> new GuestDamage(panics, processesKilled, latentCorruptions + 1, lastPanicReason);
      default -> this;
    };
  }
}
