package org.perfsim.kernel;

import org.perfsim.abi.Errno;

/** The PMU driver's verdict on an event's precise level and guest counting under a policy. */
sealed interface PreciseDecision {
  KernelRule rule();

  record Accepted(int preciseIp, boolean countsGuest, String note, KernelRule rule) implements PreciseDecision {}

  record Refused(Errno errno, String reason, KernelRule rule) implements PreciseDecision {}
}
