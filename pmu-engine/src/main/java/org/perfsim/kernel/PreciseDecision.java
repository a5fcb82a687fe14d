package org.perfsim.kernel;

import org.perfsim.abi.Errno;

/** The PMU driver's verdict on an event's precise level and guest counting under a policy. */
sealed interface PreciseDecision {
  record Accepted(int preciseIp, boolean countsGuest, String note) implements PreciseDecision {}

  record Refused(Errno errno, String reason) implements PreciseDecision {}
}
