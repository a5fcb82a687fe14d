package org.perfsim.vm;

import java.util.Arrays;
import java.util.List;

/**
 * A guest at rest, as much of it as decides what it does next: its health and pending reboot step, its
 * counters, and the bytes stray PEBS writes left in its memory (a latently corrupted guest panics when its
 * kernel reaches the lowest corrupted free page, so those bytes are part of its future). Immutable; a guest
 * rebuilt from it ({@link Guest#restored}) takes the same writes to the same effects.
 *
 * @param nextChangeAtNanos the lifecycle's pending reboot step, {@link GuestLifecycle#NEVER} if none
 * @param memory every write's bytes by its guest-physical address, in address order
 */
public record GuestSnapshot(int guestId, GuestState state, long nextChangeAtNanos, int panics, int processesKilled,
    int latentCorruptions, List<Written> memory, long bytesWritten, int memoryLatentCorruptions,
    int memoryProcessesKilled, long writesDropped, long corruptedSinceNanos) {
  public GuestSnapshot {
    memory = List.copyOf(memory);
  }

  /** The bytes a write left at {@code gpa} (compared by content). */
  public record Written(long gpa, byte[] bytes) {
    public Written {
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Written w && w.gpa == gpa && Arrays.equals(w.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(gpa) * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Written[gpa=0x" + Long.toHexString(gpa) + ", " + bytes.length + " bytes]";
    }
  }
}
