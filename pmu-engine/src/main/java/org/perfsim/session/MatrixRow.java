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
 */
public record MatrixRow(String perfVersion, String kernel, String cpu, String event, int guests, boolean idleGuests,
    Outcome outcome, Integer errno, int precisionUsed, int guestsCrashed, boolean regression,
    Outcome baselineOutcome, String finalEvent, List<String> fallbacks, long hostSamples, long guestSamples) {

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
    return outcome.word();
  }
}
