package org.perfsim.session;

import java.util.List;

/**
 * One printed row of the matrix.
 *
 * @param errno the errno number, null when the open succeeded
 * @param regression the same case worked (ok / ok-host-only) under the baseline kernel and fails here
 * @param baselineOutcome the outcome under the baseline kernel
 * @param finalEvent the event as perf finally opened it (a fallback may rename it)
 * @param fallbacks what perf's fallbacks printed on the way
 * @param reason why an errno or {@code error} outcome failed: the errno and the kernel's verdict, or perf's own
 *     text when perf rejected the event; empty when the session ran
 * @param explanation why the outcome is what it is (attr bits, kernel rule, PEBS at VM entry, fallbacks)
 */
public record MatrixRow(String perfVersion, String kernel, String cpu, String event, int guests, boolean idleGuests,
    Outcome outcome, Integer errno, int precisionUsed, int guestsCrashed, boolean regression,
    Outcome baselineOutcome, String finalEvent, List<String> fallbacks, long hostSamples, long guestSamples,
    String reason, Explanation explanation) {

  public MatrixRow {
    fallbacks = List.copyOf(fallbacks);
  }

  /** The outcome word with why, where the reference explains a cell (regression, or a fallback that saved it). */
  public String annotatedOutcome() {
    if (regression) {
      return outcome.word() + " (regression)";
    }
    if (outcome.isErrno() && baselineOutcome == Outcome.GUESTS_CRASHED) {
      return outcome.word() + " (no regression here: it never worked with busy guests)";
    }
    if (outcome.worked() && fallbacks.stream().anyMatch(f -> f.contains("excluding guest"))) {
      return outcome.word() + " (after the exclude_guest fallback)";
    }
    if (outcome == Outcome.OTHER_ERRNO) {
      return outcome.word() + " (" + reason.lines().findFirst().orElse("") + ")";
    }
    return outcome.word();
  }

  /** Why {@code result} failed (empty when it ran): errno and kernel verdict, or perf's text for a usage error. */
  static String reasonOf(SessionResult result) {
    if (!result.outcome().isErrno()) {
      return "";
    }
    String detail = result.explanation().ruleDetail();
    return result.errno().map(e -> e.name() + (detail.isEmpty() ? "" : ": " + detail)).orElse(result.perfMessage());
  }
}
