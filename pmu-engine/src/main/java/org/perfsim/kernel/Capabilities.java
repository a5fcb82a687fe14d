package org.perfsim.kernel;

import java.util.Optional;
import org.perfsim.id.Identified;

/**
 * The capabilities of the process that calls perf_event_open, as far as perf's permission checks look at them:
 * none, CAP_PERFMON (Linux 5.8+) or CAP_SYS_ADMIN (root). CAP_SYS_PTRACE (other tasks) is not modelled: a
 * session's perf only watches its own workload or CPUs.
 */
public enum Capabilities implements Identified {
  NONE("none"),
  PERFMON("perfmon"),
  SYS_ADMIN("sys_admin");

  /** What a caller has when nobody says: root, so sessions run as they did before capabilities were modelled. */
  public static final Capabilities DEFAULT = SYS_ADMIN;

  private final String id;

  Capabilities(String id) {
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }

  public static Optional<Capabilities> byId(String id) {
    return Identified.byId(values(), id);
  }

  public static String validIds() {
    return Identified.validIds(values());
  }
}
