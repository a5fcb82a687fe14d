package org.perfsim.tool;

import org.perfsim.abi.PerfEventAttr;

/**
 * One event as perf is about to open it: the attr it built from the command line and the evsel
 * state its open loop consults.
 *
 * @param index               position in perf's event list
 * @param name                the evsel name perf prints ({@code cycles:pp}, {@code dummy})
 * @param attr                the attr as perf will send it (before any fallback)
 * @param leaderIndex         index of its group leader (itself when not in a group)
 * @param preciseMax          {@code P}: the open loop may lower precise_ip from 3
 * @param explicitGuestOrHost {@code G} or {@code H} given (perf's exclude_GH): no exclude_guest fallback
 * @param role                a user event, or the sideband dummy perf adds itself
 */
public record ConfiguredEvent(int index, String name, PerfEventAttr attr, int leaderIndex,
    boolean preciseMax, boolean explicitGuestOrHost, Role role) {

  /** Why the event is in the list. */
  public enum Role {
    /** From {@code -e} or the default events. */
    USER_EVENT,
    /** The dummy event perf record adds to track mmap/comm sideband for CPU-wide sessions. */
    TRACKING_DUMMY
  }

  public boolean leader() {
    return leaderIndex == index;
  }

  public ConfiguredEvent withAttr(PerfEventAttr newAttr) {
    return new ConfiguredEvent(index, name, newAttr, leaderIndex, preciseMax, explicitGuestOrHost,
        role);
  }

  public ConfiguredEvent withName(String newName) {
    return new ConfiguredEvent(index, newName, attr, leaderIndex, preciseMax, explicitGuestOrHost,
        role);
  }
}
