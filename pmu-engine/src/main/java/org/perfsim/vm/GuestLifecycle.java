package org.perfsim.vm;

import java.util.List;

/**
 * A guest's health over simulated time: what a hit does to it, and when its {@link RebootPolicy} brings it
 * back. A plain state machine, so the actor only wires messages to it and tests can drive it directly.
 *
 * <p>RUNNING and CORRUPTED guests run their vCPUs; a kernel hit makes them PANICKED; with a reboot policy
 * they turn REBOOTING after the delay and RUNNING (fresh memory) after the boot time. STOPPED is final.
 * Every transition appends a {@link GuestEvent} stamped with the simulated time it happened at.
 */
public final class GuestLifecycle {

  /** {@link #nextChangeAtNanos()} when nothing will change by itself. */
  public static final long NEVER = Long.MAX_VALUE;

  private final int guestId;
  private final RebootPolicy policy;
  private GuestState state = GuestState.RUNNING;
  private long nextChangeAtNanos = NEVER;
  private int panics;
  private int processesKilled;
  private int latentCorruptions;

  public GuestLifecycle(int guestId, RebootPolicy policy) {
    this.guestId = guestId;
    this.policy = policy;
  }

  public GuestState state() {
    return state;
  }

  /** When a pending reboot step is due, or {@link #NEVER}. */
  public long nextChangeAtNanos() {
    return nextChangeAtNanos;
  }

  public int panics() {
    return panics;
  }

  public int processesKilled() {
    return processesKilled;
  }

  public int latentCorruptions() {
    return latentCorruptions;
  }

  /** Takes up the state, pending step and counters {@code snapshot} recorded (the policy is this one's). */
  void restore(GuestSnapshot snapshot) {
    state = snapshot.state();
    nextChangeAtNanos = snapshot.nextChangeAtNanos();
    panics = snapshot.panics();
    processesKilled = snapshot.processesKilled();
    latentCorruptions = snapshot.latentCorruptions();
  }

  /** The guest kernel was hit: a running guest panics; one already down is not hit again. */
  public void panic(long atNanos, PanicCause cause, String reason, List<GuestEvent> out) {
    if (!state.vcpusRun()) {
      return;
    }
    state = GuestState.PANICKED;
    panics++;
    out.add(new GuestEvent(atNanos, guestId, GuestEvent.Kind.PANICKED, reason, cause));
    nextChangeAtNanos = policy.reboots() ? atNanos + policy.delayNanos() : NEVER;
  }

  /** A process's memory was hit: the process dies, the guest goes on. */
  public void killProcess(long atNanos, String reason, List<GuestEvent> out) {
    if (!state.vcpusRun()) {
      return;
    }
    processesKilled++;
    out.add(new GuestEvent(atNanos, guestId, GuestEvent.Kind.PROCESS_KILLED, reason));
  }

  /** Unused memory was hit: nothing fails yet, but the guest is no longer clean. */
  public void corruptLatently(long atNanos, String reason, List<GuestEvent> out) {
    if (!state.vcpusRun()) {
      return;
    }
    state = GuestState.CORRUPTED;
    latentCorruptions++;
    out.add(new GuestEvent(atNanos, guestId, GuestEvent.Kind.MEMORY_CORRUPTED, reason));
  }

  /**
   * Lets simulated time reach {@code nowNanos}: every reboot step due by then happens, stamped with the
   * time it was due. Returns whether the guest finished a reboot (so its memory must be fresh again).
   */
  public boolean advanceTo(long nowNanos, List<GuestEvent> out) {
    boolean rebooted = false;
    while (nextChangeAtNanos <= nowNanos) {
      long at = nextChangeAtNanos;
      if (state == GuestState.PANICKED) {
        state = GuestState.REBOOTING;
        nextChangeAtNanos = at + policy.bootNanos();
        out.add(new GuestEvent(at, guestId, GuestEvent.Kind.REBOOT_STARTED, policy.toString()));
      } else {
        state = GuestState.RUNNING;
        nextChangeAtNanos = NEVER;
        rebooted = true;
        out.add(new GuestEvent(at, guestId, GuestEvent.Kind.REBOOTED, "running again with fresh memory"));
      }
    }
    return rebooted;
  }

  /** The operator shuts the guest down; nothing brings it back. */
  public void stop(long atNanos, List<GuestEvent> out) {
    if (state == GuestState.STOPPED) {
      return;
    }
    state = GuestState.STOPPED;
    nextChangeAtNanos = NEVER;
    out.add(new GuestEvent(atNanos, guestId, GuestEvent.Kind.STOPPED, "stopped by the operator"));
  }
}
