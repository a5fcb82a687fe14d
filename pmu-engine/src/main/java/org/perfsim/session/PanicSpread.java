package org.perfsim.session;

import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;

/**
 * How the hosts of one fleet-wide session spread in when their first guest panicked: each host's first panic
 * (from its own session start), over the hosts that had one. Percentiles are nearest-rank (the smallest
 * value with at least p % of the hosts at or below it), so each is some host's actual time.
 *
 * @param hosts hosts with at least one panic
 */
public record PanicSpread(int hosts, long minNanos, long medianNanos, long p99Nanos, long maxNanos) {

  public PanicSpread {
    if (hosts < 1 || minNanos > medianNanos || medianNanos > p99Nanos || p99Nanos > maxNanos) {
      throw new IllegalArgumentException("not a spread: " + hosts + " hosts, " + minNanos + " <= " + medianNanos
          + " <= " + p99Nanos + " <= " + maxNanos + " ns");
    }
  }

  /** The spread of the results' {@link SessionResult#firstPanicNanos()}; empty when no host had a panic. */
  public static Optional<PanicSpread> ofResults(Collection<SessionResult> results) {
    return ofFirstPanics(results.stream().mapToLong(SessionResult::firstPanicNanos).toArray());
  }

  /** The spread of first-panic times in nanoseconds; negative entries (no panic on that host) are left out. */
  public static Optional<PanicSpread> ofFirstPanics(long[] firstPanicNanos) {
    long[] sorted = Arrays.stream(firstPanicNanos).filter(t -> t >= 0).sorted().toArray();
    if (sorted.length == 0) {
      return Optional.empty();
    }
    return Optional.of(new PanicSpread(sorted.length, sorted[0], nearestRank(sorted, 50), nearestRank(sorted, 99),
        sorted[sorted.length - 1]));
  }

  private static long nearestRank(long[] sorted, int percent) {
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }
}
