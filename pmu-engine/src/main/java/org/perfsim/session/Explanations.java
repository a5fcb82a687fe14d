package org.perfsim.session;

import java.util.Optional;
import org.perfsim.kernel.KernelEvent;
import org.perfsim.kernel.OpenResult;
import org.perfsim.tool.PerfOpenLoop;

/**
 * Builds a session's {@link Explanation} from what the session actually did: the open loop's result (the attr
 * sent, the kernel's verdict with its rule, perf's fallback messages) and the outcome already decided. Nothing
 * here decides an outcome or re-applies a kernel rule.
 */
final class Explanations {
  private Explanations() {}

  /**
   * Whether the host's kernel leaves IA32_PEBS_ENABLE on when it enters a guest: the one place the session asks
   * the kernel policy (the outcome and the explanation both read it from here).
   */
  static boolean pebsLeftEnabledAtVmEntry(HostSpec spec) {
    return spec.kernel().pebsLeftEnabledAtVmEntry(spec.cpu());
  }

  /** perf gave up on {@code failed}: the kernel's refusal of its last attempt is the reason. */
  static Explanation openFailed(PerfOpenLoop.Result failed, Outcome outcome) {
    Optional<OpenResult.Failed> refusal = failed.refusal();
    String detail = refusal.map(OpenResult.Failed::reason).orElse("");
    String reason = "perf_event_open failed with " + failed.errno().map(Enum::name).orElse("an error")
        + (detail.isEmpty() ? "" : " (" + detail + ")") + " and perf gave up" + (failed.messages().isEmpty()
            ? "" : " after its fallbacks") + ": " + outcome.word();
    return new Explanation(failed.event().name(), Optional.of(Explanation.DecisiveBits.of(failed.event().attr())),
        refusal.map(OpenResult.Failed::rule), detail, false, false, false, failed.messages(), reason);
  }

  /** A session whose events opened and ran; {@code facts} are its counts, {@code outcome} already decided. */
  static Explanation ran(HostSpec spec, PerfOpenLoop.Result first, Outcome outcome, RunFacts facts) {
    KernelEvent event = first.opened().get(0).event();
    boolean pebsLeftOn = event.usesPebs() && pebsLeftEnabledAtVmEntry(spec);
    String reason = switch (outcome) {
      case GUESTS_CRASHED -> "IA32_PEBS_ENABLE stayed on at VM entry and the counter counts in guest mode, so the "
          + "PEBS assist wrote " + facts.recordsIntoGuests() + " records (" + facts.bytesIntoGuests()
          + " bytes) through the host's DS address into guest memory; " + facts.guestsPanicked() + " guest(s) "
          + "panicked" + facts.firstPanic().map(p -> ", the first: " + p).orElse("");
      case OK_HOST_ONLY -> !event.countsGuest()
          ? "the event excludes guest context (" + (first.event().attr().has(org.perfsim.abi.AttrFlag.EXCLUDE_GUEST)
              ? "exclude_guest=1" : "narrowed by the kernel: " + event.policyNote()) + "), so its precise samples "
              + "are host-only"
          : "KVM's VM-entry switch keeps PEBS out of guest mode, so no PEBS record is taken there: "
              + spec.kernel().vmEntryRule(spec.cpu());
      case NO_GUESTS_RUNNING -> "the event counts guests, but every guest of the host was down (panicked, stopped "
          + "or rebooting) the whole session: nothing ran in guest context, so nothing about guests was tried";
      default -> okReason(event, pebsLeftOn, facts);
    };
    return new Explanation(first.event().name(), Optional.of(Explanation.DecisiveBits.of(first.event().attr())),
        Optional.of(event.rule()), event.policyNote(), true, event.countsGuest(), pebsLeftOn, first.messages(),
        reason);
  }

  private static String okReason(KernelEvent event, boolean pebsLeftOn, RunFacts facts) {
    if (!pebsLeftOn || !event.countsGuest()) {
      return event.preciseIp() == 0 ? "not a precise event: no PEBS, nothing is written into guests; it counts "
          + "every context its attr asks for" : "the event counts every context its attr asks for";
    }
    if (facts.recordsIntoGuests() > 0) {
      return "PEBS wrote " + facts.recordsIntoGuests() + " records (" + facts.bytesIntoGuests() + " bytes) into "
          + facts.guestsHit() + " guest(s), none of them into memory that panics a guest (user or free pages)";
    }
    return "PEBS stays on at VM entry and the counter counts guests, but no guest vCPU ran during the session "
        + "(idle or no guests), so nothing was written into guest memory";
  }

  /** What a running session counted, as its explanation needs it. */
  record RunFacts(long recordsIntoGuests, long bytesIntoGuests, int guestsHit, int guestsPanicked,
      Optional<String> firstPanic) {}
}
