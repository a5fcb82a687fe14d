package org.perfsim.session;

import java.util.Locale;
import org.perfsim.abi.Errno;

/** What one perf session came to on one host (reference §6, "Outcome words"). */
public enum Outcome {
  OK("ok"), OK_HOST_ONLY("ok-host-only"), EOPNOTSUPP("eopnotsupp"), EINVAL("einval"), E2BIG("e2big"),
  EACCES("eacces"), OTHER_ERRNO("error"), GUESTS_CRASHED("guests-crashed");

  private final String word;

  Outcome(String word) {
    this.word = word;
  }

  public String word() {
    return word;
  }

  /** A session that ran (ok, ok-host-only) as opposed to an open error or a crash. */
  public boolean worked() {
    return this == OK || this == OK_HOST_ONLY;
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
   * on VM entry — decided by those rules, not by whether a guest happened to run; ok otherwise.
   */
  public static Outcome ofRunningSession(int guestsPanicked, int preciseUsed, boolean countsGuest,
      boolean pebsClearedOnVmEntry) {
    if (guestsPanicked > 0) {
      return GUESTS_CRASHED;
    }
    boolean preciseHostOnly = preciseUsed > 0 && (!countsGuest || pebsClearedOnVmEntry);
    return preciseHostOnly ? OK_HOST_ONLY : OK;
  }
}
