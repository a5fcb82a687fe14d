package org.perfsim.session;

import java.util.Locale;
import org.perfsim.abi.Errno;

/** What one perf session came to on one host (reference §6, "Outcome words"). */
public enum Outcome {
  OK("ok"), OK_HOST_ONLY("ok-host-only"), EOPNOTSUPP("eopnotsupp"), EINVAL("einval"), E2BIG("e2big"),
  EACCES("eacces"), OTHER_ERRNO("error"), GUESTS_CRASHED("guests-crashed"),
  /** The session ran and its event counts guests, but every guest of the host was down the whole session. */
  NO_GUESTS_RUNNING("no-guests-running");

  private final String word;

  Outcome(String word) {
    this.word = word;
  }

  public String word() {
    return word;
  }

  /** A session that ran (ok, ok-host-only, no-guests-running) as opposed to an open error or a crash. */
  public boolean worked() {
    return this == OK || this == OK_HOST_ONLY || this == NO_GUESTS_RUNNING;
  }

  public boolean isErrno() {
    return !worked() && this != GUESTS_CRASHED;
  }

  public static Outcome ofErrno(Errno errno) {
    return switch (errno) {
      case EOPNOTSUPP -> EOPNOTSUPP;
      case EINVAL -> EINVAL;
      case E2BIG -> E2BIG;
      case EACCES -> EACCES;
      default -> OTHER_ERRNO;
    };
  }

  public static Outcome ofWord(String word) {
    for (Outcome o : values()) {
      if (o.word.equals(word.toLowerCase(Locale.ROOT))) {
        return o;
      }
    }
    throw new IllegalArgumentException("unknown outcome '" + word + "'");
  }

  /**
   * A session that ran: crashed if a guest panicked; host-only if its precise (PEBS) samples cannot come from
   * guest context — the event excludes guests (by attr or the kernel's rule) or the kernel switches PEBS off
   * on VM entry — decided by those rules, not by whether a guest happened to run; no-guests-running when the
   * event counts guests but the host has guests and every one of them was down (panicked in an earlier
   * session, stopped, rebooting) the whole session, so nothing in guest context was tried (an idle guest is
   * up: it could have run); ok otherwise.
   */
  public static Outcome ofRunningSession(int guestsPanicked, int preciseUsed, boolean countsGuest,
      boolean pebsClearedOnVmEntry, boolean allGuestsDown) {
    if (guestsPanicked > 0) {
      return GUESTS_CRASHED;
    }
    boolean preciseHostOnly = preciseUsed > 0 && (!countsGuest || pebsClearedOnVmEntry);
    if (preciseHostOnly) {
      return OK_HOST_ONLY;
    }
    return countsGuest && allGuestsDown ? NO_GUESTS_RUNNING : OK;
  }
}
