package org.perfsim.vm;

import java.util.List;
import java.util.Map;
import org.perfsim.pmu.GuestPhysicalWrite;

/**
 * One guest VM's memory and health, as the stray PEBS writes of its host reach it: the domain behind the
 * guest actor and behind the in-process matrix alike, so both decide crashes the same way.
 *
 * <p>Writes arrive in batches, in simulated-time order. Each lands where its region says (kernel: panic,
 * user: a process dies, free: latent corruption). A latent corruption is remembered: the guest kernel
 * hands out free pages from the bottom of the free region at {@link #FREE_PAGE_USE_BYTES_PER_SECOND}, and
 * when it reaches a corrupted page the guest panics then. A guest that is down takes no writes (its
 * vCPUs did not run), and a reboot gives it fresh memory.
 */
public final class Guest {

  /** How fast a busy guest kernel allocates from its free pages (simulated time). */
  public static final long FREE_PAGE_USE_BYTES_PER_SECOND = 64L << 20;

  private final int guestId;
  private final GuestMemoryLayout layout;
  private final GuestLifecycle lifecycle;
  private GuestMemory memory;
  private long writesDropped;
  private long corruptedSinceNanos;

  public Guest(int guestId, GuestMemoryLayout layout, RebootPolicy reboot) {
    this.guestId = guestId;
    this.layout = layout;
    this.lifecycle = new GuestLifecycle(guestId, reboot);
    this.memory = new GuestMemory(layout);
  }

  /**
   * The guest as {@code snapshot} left it, with the layout and reboot policy of its spec (which the snapshot does
   * not carry: they come with the host's profile).
   */
  public static Guest restored(GuestMemoryLayout layout, RebootPolicy reboot, GuestSnapshot snapshot) {
    Guest guest = new Guest(snapshot.guestId(), layout, reboot);
    guest.lifecycle.restore(snapshot);
    guest.memory.restore(snapshot);
    guest.writesDropped = snapshot.writesDropped();
    guest.corruptedSinceNanos = snapshot.corruptedSinceNanos();
    return guest;
  }

  /** The guest at rest, enough to rebuild it ({@link #restored}). */
  public GuestSnapshot snapshot() {
    return new GuestSnapshot(guestId, lifecycle.state(), lifecycle.nextChangeAtNanos(), lifecycle.panics(),
        lifecycle.processesKilled(), lifecycle.latentCorruptions(), memory.written(), memory.bytesWritten(),
        memory.latentCorruptions(), memory.processesKilled(), writesDropped, corruptedSinceNanos);
  }

  public int guestId() {
    return guestId;
  }

  public GuestState state() {
    return lifecycle.state();
  }

  public GuestLifecycle lifecycle() {
    return lifecycle;
  }

  public GuestMemory memory() {
    return memory;
  }

  /** Writes that arrived while the guest was down (produced in the same step as its panic). */
  public long writesDropped() {
    return writesDropped;
  }

  /**
   * Applies {@code writes} (time order) and lets simulated time reach {@code nowNanos}; what happened is
   * appended to {@code out}. Returns the guest's report for its host.
   */
  public GuestReport apply(List<GuestPhysicalWrite> writes, long nowNanos, List<GuestEvent> out) {
    int before = out.size();
    for (GuestPhysicalWrite write : writes) {
      advanceTo(write.simTimeNanos(), out);
      if (!lifecycle.state().vcpusRun()) {
        writesDropped++;
        continue;
      }
      land(write, out);
    }
    advanceTo(nowNanos, out);
    return new GuestReport(guestId, lifecycle.state(), List.copyOf(out.subList(before, out.size())),
        nextChangeAtNanos());
  }

  /** The operator stops the guest at {@code atNanos}. */
  public GuestReport stop(long atNanos, List<GuestEvent> out) {
    int before = out.size();
    advanceTo(atNanos, out);
    lifecycle.stop(atNanos, out);
    return new GuestReport(guestId, lifecycle.state(), List.copyOf(out.subList(before, out.size())),
        nextChangeAtNanos());
  }

  /** When the guest changes by itself next: a reboot step, or its kernel reaching a corrupted free page. */
  public long nextChangeAtNanos() {
    return Math.min(lifecycle.nextChangeAtNanos(), corruptedPageUseAtNanos());
  }

  private void land(GuestPhysicalWrite write, List<GuestEvent> out) {
    WriteEffect effect = memory.apply(write);
    long at = write.simTimeNanos();
    if (effect instanceof WriteEffect.Panic panic) {
      lifecycle.panic(at, PanicCause.of(panic.region()), effect.reason(), out);
    } else if (effect instanceof WriteEffect.ProcessKilled) {
      lifecycle.killProcess(at, effect.reason(), out);
    } else if (effect instanceof WriteEffect.LatentCorruption) {
      if (lifecycle.state() == GuestState.RUNNING) {
        corruptedSinceNanos = at;
      }
      lifecycle.corruptLatently(at, effect.reason(), out);
    }
  }

  private void advanceTo(long nowNanos, List<GuestEvent> out) {
    long use = corruptedPageUseAtNanos();
    if (use <= nowNanos && lifecycle.nextChangeAtNanos() > use) {
      lifecycle.panic(use, PanicCause.LATENT_CORRUPTION, String.format("Kernel panic: the guest kernel allocated the free page at gpa 0x%x "
          + "that a PEBS write had corrupted", corruptedPageAt()), out);
    }
    if (lifecycle.advanceTo(nowNanos, out)) {
      memory = new GuestMemory(layout);
    }
  }

  /** When the free-page allocator reaches the lowest latently corrupted page, or NEVER. */
  private long corruptedPageUseAtNanos() {
    if (lifecycle.state() != GuestState.CORRUPTED) {
      return GuestLifecycle.NEVER;
    }
    var free = layout.regions().stream().filter(r -> r.kind() == RegionKind.FREE).findFirst();
    Map.Entry<Long, Integer> lowest = free.map(r -> memory.firstWriteIn(r.start(), r.end())).orElse(null);
    if (lowest == null) {
      return GuestLifecycle.NEVER;
    }
    long offset = lowest.getKey() - free.get().start();
    // the allocator cannot reach the page before the page was corrupted
    return Math.max(corruptedSinceNanos, (long) (offset * 1e9 / FREE_PAGE_USE_BYTES_PER_SECOND));
  }

  private long corruptedPageAt() {
    var free = layout.regions().stream().filter(r -> r.kind() == RegionKind.FREE).findFirst().orElseThrow();
    return memory.firstWriteIn(free.start(), free.end()).getKey();
  }
}
