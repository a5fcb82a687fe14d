package org.perfsim.session;

import java.util.List;
import java.util.Optional;
import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.PerfEventAttr;
import org.perfsim.kernel.KernelRule;

/**
 * Why a session (or a matrix case) came to its outcome, as the decision was made: the decisive bits of the attr
 * perf finally sent, the kernel rule that decided the open (from the kernel's own result), whether PEBS stayed
 * enabled at VM entry, what perf's fallbacks changed, and the outcome's reason in words.
 *
 * @param event the first user event as perf finally named it (a fallback may rename it), or as given when perf
 *     rejected the command line
 * @param attr the decisive bits of the attr finally sent; empty when perf never built one (usage error)
 * @param rule the kernel rule that decided the last open; empty when no open happened
 * @param ruleDetail the kernel's verdict on that open in words (e.g. "precise_ip 2 requires exclude_guest"), or
 *     the accepted event's note
 * @param opened the event was finally opened (the two facts below are about the opened event)
 * @param countsGuest the opened event counts while a guest's vCPU runs
 * @param pebsLeftEnabledAtVmEntry the event is armed in IA32_PEBS_ENABLE and the kernel leaves it on when it
 *     enters a guest, so a guest-counting counter's PEBS assist writes while the guest runs
 * @param perfFallbacks what perf's fallbacks printed, in order (each changed the attr it retried with)
 * @param reason why the outcome is what it is, in words
 */
public record Explanation(String event, Optional<DecisiveBits> attr, Optional<KernelRule> rule, String ruleDetail,
    boolean opened, boolean countsGuest, boolean pebsLeftEnabledAtVmEntry, List<String> perfFallbacks, String reason) {

  public Explanation {
    perfFallbacks = List.copyOf(perfFallbacks);
  }

  /** The attr bits that decide where a precise event counts and whether the 2012 leak can happen. */
  public record DecisiveBits(boolean excludeGuest, boolean excludeHost, int preciseIp, boolean excludeUser,
      boolean excludeKernel) {

    public static DecisiveBits of(PerfEventAttr attr) {
      return new DecisiveBits(attr.has(AttrFlag.EXCLUDE_GUEST), attr.has(AttrFlag.EXCLUDE_HOST), attr.preciseIp(),
          attr.has(AttrFlag.EXCLUDE_USER), attr.has(AttrFlag.EXCLUDE_KERNEL));
    }
  }

  /** Perf refused the command line itself: no attr, no open; {@code perfText} says why. */
  public static Explanation usageError(String perfText) {
    return new Explanation("", Optional.empty(), Optional.empty(), "", false, false, false, List.of(),
        "perf rejected the command line before any perf_event_open: " + perfText);
  }
}
