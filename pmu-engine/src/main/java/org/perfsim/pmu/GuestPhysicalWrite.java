package org.perfsim.pmu;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A write the PEBS assist made while a guest ran: the host's DS linear address went through the guest's
 * page tables, so these bytes land in the guest's own memory. The guest model applies it.
 *
 * @param guestPhysicalAddress where in the guest's RAM the bytes go
 * @param bytes the bytes written, little-endian as the CPU writes them
 * @param simTimeNanos simulated time of the write
 */
public record GuestPhysicalWrite(int guestId, long guestPhysicalAddress, byte[] bytes, long simTimeNanos,
    Kind kind) {

  /** Which of the assist's two writes this is. */
  public enum Kind {
    /** The PEBS record itself, at the DS area's PEBS index. */
    RECORD,
    /** The 8-byte PEBS index update inside the DS management area. */
    DS_INDEX
  }

  public GuestPhysicalWrite {
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  public int length() {
    return bytes.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GuestPhysicalWrite w && guestId == w.guestId
        && guestPhysicalAddress == w.guestPhysicalAddress && simTimeNanos == w.simTimeNanos
        && kind == w.kind && Arrays.equals(bytes, w.bytes);
  }

  @Override
  public int hashCode() {
    return (Long.hashCode(guestPhysicalAddress) * 31 + guestId) * 31 + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return String.format("GuestPhysicalWrite[guest %d, gpa 0x%x, %d bytes %s, t=%d ns, %s]", guestId,
        guestPhysicalAddress, bytes.length, HexFormat.of().formatHex(bytes, 0, Math.min(16, bytes.length)),
        simTimeNanos, kind);
  }
}
