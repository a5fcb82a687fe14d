package org.perfsim.session;

import java.util.ArrayList;
import java.util.List;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.KernelPolicy;

/**
 * The reference's seed table (§6) with the expected outcome of every cell, as main code: the CLI's default
 * matrix, the in-process tests and the actor fleet's tests all read this one table.
 */
public final class SeedCases {
  /** Busy guests on the seed host. */
  public static final int SEED_GUESTS = 4;

  /** One expected cell. */
  public record SeedCase(MatrixCase matrixCase, Outcome expected, boolean expectedRegression) {
    @Override
    public String toString() {
      MatrixCase c = matrixCase;
      return "perf " + c.perf().id() + " " + c.event() + " on " + c.kernel().id() + " with " + c.guestsLabel()
          + " guests -> " + expected.word() + (expectedRegression ? " (regression)" : "");
    }
  }

  private static final List<KernelPolicy> KERNELS = List.of(KernelPolicy.LEGACY_3_6,
      KernelPolicy.REQUIRE_EXCLUDE_GUEST_3_7_RC, KernelPolicy.REVERT_3_8, KernelPolicy.INCLUDE_GUEST,
      KernelPolicy.MODERN);

  private SeedCases() {}

  /** The five rows of the busy-guest table (perf, event, outcome per kernel in {@link #kernels()} order). */
  public static List<SeedCase> busyGuests() {
    List<SeedCase> cases = new ArrayList<>();
    row(cases, PerfGeneration.V3_6, "cycles", SEED_GUESTS, false, "ok ok ok ok ok");
    row(cases, PerfGeneration.V3_6, "cycles:pp", SEED_GUESTS, false,
        "guests-crashed eopnotsupp guests-crashed ok-host-only ok-host-only");
    row(cases, PerfGeneration.V3_6, "cycles:ppH", SEED_GUESTS, false,
        "ok-host-only ok-host-only ok-host-only ok-host-only ok-host-only");
    row(cases, PerfGeneration.V3_7, "cycles:pp", SEED_GUESTS, false,
        "ok-host-only ok-host-only ok-host-only ok-host-only ok-host-only");
    row(cases, PerfGeneration.MODERN, "cycles:pp", SEED_GUESTS, false,
        "guests-crashed ok-host-only guests-crashed ok-host-only ok-host-only");
    return cases;
  }

  /** The same host without guests, and with idle guests: 3.6 {@code cycles:pp}; 3.7-rc is a regression. */
  public static List<SeedCase> withoutBusyGuests() {
    List<SeedCase> cases = new ArrayList<>();
    row(cases, PerfGeneration.V3_6, "cycles:pp", 0, false, "ok eopnotsupp! ok ok-host-only ok-host-only");
    row(cases, PerfGeneration.V3_6, "cycles:pp", SEED_GUESTS, true, "ok eopnotsupp! ok ok-host-only ok-host-only");
    return cases;
  }

  public static List<SeedCase> all() {
    List<SeedCase> all = new ArrayList<>(busyGuests());
    all.addAll(withoutBusyGuests());
    return all;
  }

  public static List<KernelPolicy> kernels() {
    return KERNELS;
  }

  /** Cells of {@code cells}: outcome words in kernel order, {@code !} marking an expected regression. */
  private static void row(List<SeedCase> into, PerfGeneration perf, String event, int guests, boolean idle,
      String cells) {
    String[] words = cells.split(" ");
    for (int i = 0; i < KERNELS.size(); i++) {
      boolean regression = words[i].endsWith("!");
      Outcome expected = Outcome.ofWord(words[i].replace("!", ""));
      into.add(new SeedCase(new MatrixCase(perf, KERNELS.get(i), CpuModel.IVYBRIDGE, event, guests, idle),
          expected, regression));
    }
  }
}
