package org.perfsim.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
import org.perfsim.kernel.KernelPolicy;

/** Runs matrix cells through {@link HostSimulation}, each with its baseline, deterministic under a seed. */
public final class MatrixRunner {
  private final KernelPolicy baseline;
  private final long seed;
  private final Map<MatrixCase, SessionResult> cache = new HashMap<>();

  public MatrixRunner(KernelPolicy baseline, long seed) {
    this.baseline = baseline;
    this.seed = seed;
  }

  public List<MatrixRow> run(List<MatrixCase> cases) {
    return run(cases, done -> {});
  }

  /** As {@link #run(List)}, calling {@code progress} with the number of cells done after each. */
  public List<MatrixRow> run(List<MatrixCase> cases, IntConsumer progress) {
    List<MatrixRow> rows = new ArrayList<>();
    for (MatrixCase c : cases) {
      rows.add(row(c));
      progress.accept(rows.size());
    }
    return rows;
  }

  public MatrixRow row(MatrixCase c) {
    SessionResult here = session(c);
    SessionResult base = session(c.withKernel(baseline));
    boolean regression = base.outcome().worked() && here.outcome().isErrno();
    return new MatrixRow(c.perf().id(), c.kernel().id(), c.cpu().id(), c.event(), c.guests(), c.idleGuests(),
        here.outcome(), here.errno().map(e -> e.number()).orElse(null), here.precisionUsed(), here.panics().size(),
        regression, base.outcome(), here.eventName(), here.perfNotes(), here.hostSamples(),
        here.totalGuestSamples(), MatrixRow.reasonOf(here), here.explanation());
  }

  /** The session of one case (cached: a baseline cell is also a cell of its own). */
  public SessionResult session(MatrixCase c) {
    return cache.computeIfAbsent(c, k -> new HostSimulation(k.host(), seed).run(k.commandLine(), Optional.empty(), k.caps()));
  }
}
