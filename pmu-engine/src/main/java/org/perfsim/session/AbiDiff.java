package org.perfsim.session;

import java.util.List;
import org.perfsim.kernel.KernelPolicy;

/**
 * What moving the same perf binaries from kernel {@code from} to kernel {@code to} did, case by case (the
 * {@code abi-check} verb). A case is one {@link MatrixCase} run under both kernels.
 *
 * @param regressions worked under {@code from}, fails with an errno under {@code to}: the kernel's "no
 *     regressions" rule, as {@link MatrixRow#regression()} decides it with {@code from} as the baseline
 * @param fixes crashed guests under {@code from} and no longer does under {@code to}
 * @param restored failed with an errno under {@code from} and works under {@code to}
 * @param crashes crash guests under {@code to} (whether or not they did under {@code from}): not fixed
 * @param otherChanges cases whose outcome changed otherwise (e.g. {@code ok} to {@code ok-host-only}: guest
 *     samples lost, nothing broken), in none of the lists above
 * @param unchanged cases with the same outcome under both kernels that are in none of the lists above
 * @param cases every case compared
 */
public record AbiDiff(KernelPolicy from, KernelPolicy to, List<Change> regressions, List<Change> fixes,
    List<Change> restored, List<Change> crashes, List<Change> otherChanges, int unchanged, int cases) {

  public AbiDiff {
    regressions = List.copyOf(regressions);
    fixes = List.copyOf(fixes);
    restored = List.copyOf(restored);
    crashes = List.copyOf(crashes);
    otherChanges = List.copyOf(otherChanges);
  }

  /** One case under both kernels: {@code before} under {@code from}, {@code after} under {@code to}. */
  public record Change(MatrixRow before, MatrixRow after) {}

  /** Whether a CI gate must fail: at least one case that worked now fails with an errno. */
  public boolean hasRegression() {
    return !regressions.isEmpty();
  }
}
