package org.perfsim.session;

import java.util.ArrayList;
import java.util.List;
import org.perfsim.cpu.CpuModel;
import org.perfsim.kernel.KernelPolicy;

/**
 * The "no regressions" oracle: runs the same matrix cases under two kernel policies and sorts what changed.
 * The rule itself is the matrix's ({@link MatrixRunner#row}, with {@code from} as the baseline), the one
 * Torvalds applied to the 3.7-rc exclude_guest check (20b279ddb38c; LKML 2012-12-12: an existing perf binary's
 * {@code cycles:pp} that ran now got EOPNOTSUPP) and that a706d965dcfd reverted for 3.8. A case that never
 * worked (it crashed guests) is not a regression; a crash that goes away is a fix.
 */
public final class AbiCheck {
  private AbiCheck() {}

  /**
   * The reference's seed table cells (perf binary, event, guests) moved onto {@code kernel}, once each, on
   * every CPU of {@code cpus} ({@link CpuModel#DEFAULT} when empty): what {@code abi-check} compares when no
   * selection is given. The seed table lists each cell once per 2012 kernel; any kernel (2026-pre too) can
   * take them.
   */
  public static List<MatrixCase> seedCases(KernelPolicy kernel, List<CpuModel> cpus) {
    List<CpuModel> cpuList = cpus.isEmpty() ? List.of(CpuModel.DEFAULT) : cpus;
    List<MatrixCase> cases = new ArrayList<>();
    for (CpuModel cpu : cpuList) {
      SeedCases.all().stream().map(SeedCases.SeedCase::matrixCase)
          .map(c -> new MatrixCase(c.perf(), kernel, cpu, c.event(), c.guests(), c.idleGuests()))
          .distinct().forEach(cases::add);
    }
    return cases;
  }

  /** Compares {@code cases} (their own kernel is ignored) under {@code from} and {@code to}. */
  public static AbiDiff compare(KernelPolicy from, KernelPolicy to, List<MatrixCase> cases, long seed) {
    MatrixRunner runner = new MatrixRunner(from, seed);
    List<AbiDiff.Change> regressions = new ArrayList<>();
    List<AbiDiff.Change> fixes = new ArrayList<>();
    List<AbiDiff.Change> restored = new ArrayList<>();
    List<AbiDiff.Change> crashes = new ArrayList<>();
    List<AbiDiff.Change> otherChanges = new ArrayList<>();
    int unchanged = 0;
    for (MatrixCase c : cases) {
      MatrixRow after = runner.row(c.withKernel(to));
      AbiDiff.Change change = new AbiDiff.Change(runner.row(c.withKernel(from)), after);
      Outcome before = after.baselineOutcome();
      boolean listed = true;
      if (after.regression()) {
        regressions.add(change);
      } else if (before == Outcome.GUESTS_CRASHED && after.outcome() != Outcome.GUESTS_CRASHED) {
        fixes.add(change);
      } else if (before.isErrno() && after.outcome().worked()) {
        restored.add(change);
      } else {
        listed = false;
      }
      if (after.outcome() == Outcome.GUESTS_CRASHED) {
        crashes.add(change);
        listed = true;
      }
      if (!listed && before == after.outcome()) {
        unchanged++;
      } else if (!listed) {
        otherChanges.add(change);
      }
    }
    return new AbiDiff(from, to, regressions, fixes, restored, crashes, otherChanges, unchanged, cases.size());
  }
}
