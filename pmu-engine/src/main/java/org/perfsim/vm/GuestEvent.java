package org.perfsim.vm;


/**
 * Something that happened to a guest, at a simulated time, with a reason a person can read.
 *
 * @param atNanos simulated time since the session started
 * @param guestId the guest's id on its host
 * @param kind what happened
 * @param detail why, e.g. which address was hit and what was there
 * @param cause for a panic, what it came from; {@link PanicCause#NONE} otherwise
 */
public record GuestEvent(long atNanos, int guestId, Kind kind, String detail, PanicCause cause) {

  /** An event that is not a panic. */
  public GuestEvent(long atNanos, int guestId, Kind kind, String detail) {
    this(atNanos, guestId, kind, detail, PanicCause.NONE);
  }

  /** What happened to the guest. */
  public enum Kind {
    /** A write landed in memory nothing uses yet: latent corruption, counted and remembered. */
    MEMORY_CORRUPTED,
    /** A write landed in a process's memory and that process died; the guest kept running. */
    PROCESS_KILLED,
    /** A write hit the guest kernel (text, data or page tables) and the guest panicked. */
    PANICKED,
    /** The reboot policy started bringing the guest back. */
    REBOOT_STARTED,
    /** The guest finished rebooting and runs again, with fresh memory. */
    REBOOTED,
    /** The operator stopped the guest. */
    STOPPED;

    /** The kind as an operator reads it: {@code panicked}, {@code process-killed}. */
    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  @Override
  public String toString() {
    return "%d.%03d s guest %d %s: %s".formatted(atNanos / 1_000_000_000, atNanos / 1_000_000 % 1000, guestId,
        kind, detail);
  }
}
