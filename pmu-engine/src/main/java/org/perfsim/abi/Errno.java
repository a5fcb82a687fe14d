package org.perfsim.abi;

import java.util.Optional;

/** The errno values perf_event_open can return, with the C library's strerror text. One table for all of perfsim. */
public enum Errno {
  EPERM(1, "Operation not permitted"),
  ENOENT(2, "No such file or directory"),
  ESRCH(3, "No such process"),
  E2BIG(7, "Argument list too long"),
  EBADF(9, "Bad file descriptor"),
  EACCES(13, "Permission denied"),
  EFAULT(14, "Bad address"),
  EBUSY(16, "Device or resource busy"),
  ENODEV(19, "No such device"),
  EINVAL(22, "Invalid argument"),
  EMFILE(24, "Too many open files"),
  EOPNOTSUPP(95, "Operation not supported");

  private final int number;
  private final String message;

  Errno(int number, String message) {
    this.number = number;
    this.message = message;
  }

  /** The positive errno number (the syscall returns its negation). */
  public int number() {
    return number;
  }

  /** strerror(3) text, as perf prints it in "returned with 95 (Operation not supported)". */
  public String message() {
    return message;
  }

  /** Lower-case name, the outcome word the matrix prints (`eopnotsupp`). */
  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Optional<Errno> ofNumber(int number) {
    for (Errno e : values()) {
      if (e.number == number) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /** Parses `EINVAL`, `einval` or `22`. */
  public static Optional<Errno> parse(String text) {
    String t = text.trim();
    if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
      return ofNumber(Integer.parseInt(t));
    }
    for (Errno e : values()) {
      if (e.name().equalsIgnoreCase(t)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }
}
