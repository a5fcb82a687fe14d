package org.perfsim.vm;

import java.util.Map;
import java.util.TreeMap;
import org.perfsim.pmu.GuestPhysicalWrite;

/**
 * A guest's memory as the crash decider sees it: its layout plus only the bytes stray writes put there
 * (sparse, never an array of the RAM size), and the latent corruptions it carries.
 */
public final class GuestMemory {
  private final GuestMemoryLayout layout;
  private final TreeMap<Long, byte[]> written = new TreeMap<>();
  private long bytesWritten;
  private int latentCorruptions;
  private int processesKilled;

  public GuestMemory(GuestMemoryLayout layout) {
    this.layout = layout;
  }

  public GuestMemoryLayout layout() {
    return layout;
  }

  /** Applies one write; the first byte's region decides the effect (a record never spans two regions' worth). */
  public WriteEffect apply(GuestPhysicalWrite write) {
    long gpa = write.guestPhysicalAddress();
    var region = layout.regionAt(gpa);
    if (region.isEmpty()) {
      return new WriteEffect.Ignored(gpa, String.format("gpa 0x%x is beyond the guest's RAM", gpa));
    }
    written.put(gpa, write.bytes());
    bytesWritten += write.length();
    RegionKind kind = region.get().kind();
    String what = String.format("%d-byte PEBS %s written at gpa 0x%x over %s", write.length(),
        write.kind() == GuestPhysicalWrite.Kind.RECORD ? "record" : "index update", gpa, kind.description());
    return switch (kind.consequence()) {
      case PANIC -> new WriteEffect.Panic(gpa, kind, "Kernel panic: " + what);
      case PROCESS_KILLED -> {
        processesKilled++;
        yield new WriteEffect.ProcessKilled(gpa, "segfault: " + what);
      }
      case LATENT -> {
        latentCorruptions++;
        yield new WriteEffect.LatentCorruption(gpa, "latent corruption: " + what);
      }
      case IGNORED -> new WriteEffect.Ignored(gpa, what);
    };
  }

  /** Every write's bytes, in address order (a snapshot's part). */
  java.util.List<GuestSnapshot.Written> written() {
    return written.entrySet().stream().map(e -> new GuestSnapshot.Written(e.getKey(), e.getValue())).toList();
  }

  /** Takes up the bytes and counters {@code snapshot} recorded. */
  void restore(GuestSnapshot snapshot) {
    snapshot.memory().forEach(w -> written.put(w.gpa(), w.bytes()));
    bytesWritten = snapshot.bytesWritten();
    latentCorruptions = snapshot.memoryLatentCorruptions();
    processesKilled = snapshot.memoryProcessesKilled();
  }

  /** The bytes a write left at {@code gpa}, if any write started there. */
  public byte[] bytesAt(long gpa) {
    byte[] b = written.get(gpa);
    return b == null ? null : b.clone();
  }

  /** The lowest write that starts in [start, end), as its address and length, or null. */
  public Map.Entry<Long, Integer> firstWriteIn(long start, long end) {
    Map.Entry<Long, byte[]> first = written.ceilingEntry(start);
    return first == null || first.getKey() >= end ? null : Map.entry(first.getKey(), first.getValue().length);
  }

  public Map<Long, Integer> writtenRanges() {
    TreeMap<Long, Integer> ranges = new TreeMap<>();
    written.forEach((k, v) -> ranges.put(k, v.length));
    return ranges;
  }

  public long bytesWritten() {
    return bytesWritten;
  }

  public int latentCorruptions() {
    return latentCorruptions;
  }

  public int processesKilled() {
    return processesKilled;
  }
}
