package org.perfsim.coordinator.core.experiment;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A fleet fault experiment as read from its file, checked and with every default filled in (Chaos Toolkit's
 * shape: a steady-state hypothesis checked before and after a method, abort conditions, rollbacks). Times are
 * simulated nanoseconds from the start of the experiment.
 *
 * @param seed the first repetition's seed; repetition {@code r} runs with {@code seed + r}
 * @param fleet the host groups, in the order written; host ids are {@code GROUP-1..N}
 */
public record Experiment(String title, String description, long seed, int repetitions, List<HostGroup> fleet,
    Hypothesis hypothesis, List<Step> method, List<AbortCondition> abortWhen, Rollback rollback) {

  public Experiment {
    fleet = List.copyOf(fleet);
    method = List.copyOf(method);
    abortWhen = List.copyOf(abortWhen);
  }

  /** Every guest of the fleet, over all groups. */
  public int guestsTotal() {
    return fleet.stream().mapToInt(g -> g.hosts() * g.guestsPerHost()).sum();
  }

  /** The same experiment with another first seed (a run's {@code --seed}). */
  public Experiment withSeed(long newSeed) {
    return new Experiment(title, description, newSeed, repetitions, fleet, hypothesis, method, abortWhen, rollback);
  }

  /**
   * One host group: {@code hosts} alike hosts named {@code name-1..name-N}.
   *
   * @param busyShare the guests' workload: the share of time their vCPUs are busy
   * @param layout the guests' memory map in MiB; empty means Linux's own for the memory size
   */
  public record HostGroup(String name, int hosts, String cpu, String kernel, String perf, int pcpus,
      int guestsPerHost, int guestVcpus, long guestMemoryMib, double busyShare, Optional<Layout> layout,
      Reboot reboot) {

    /** The id of host {@code i} (1-based). */
    public String hostId(int i) {
      return name + "-" + i;
    }

    public List<String> hostIds() {
      return java.util.stream.IntStream.rangeClosed(1, hosts).mapToObj(this::hostId).toList();
    }
  }

  /** A guest memory map, region sizes in MiB (the first 16 MiB stay reserved; the rest is free memory). */
  public record Layout(long kernelTextMib, long kernelDataMib, long pageTablesMib, long userMib) {}

  /** What a panicked guest does by itself: stays down ({@code never}) or reboots after a delay. */
  public record Reboot(boolean afterDelay, long delayNanos, long bootNanos) {}

  /** The steady state: at least {@code minGuestsRunningPercent} of the fleet's guests running. */
  public record Hypothesis(String title, double minGuestsRunningPercent) {}

  /**
   * One step of the method: a perf command line run on the hosts {@code selector} picks, at simulated time
   * {@code at} (empty: right after the previous step). With {@code stages} it is a staged rollout: the selected
   * hosts in a seeded order, stage {@code k} running the command on the hosts it adds to the ones before it.
   * {@code perfDataSamplesPerCpu} above 0 asks each host for its session as a perf.data file of at most that
   * many samples per pCPU (0: no file).
   */
  public record Step(String name, OptionalLong atNanos, String commandLine, Selector selector,
      List<StageSize> stages, int perfDataSamplesPerCpu) {
    public Step {
      stages = List.copyOf(stages);
    }

    public boolean perfData() {
      return perfDataSamplesPerCpu > 0;
    }
  }

  /** Chaos Mesh's selector modes over the hosts of {@code groups} (every group when empty). */
  public record Selector(List<String> groups, Mode mode, double value) {
    public Selector {
      groups = List.copyOf(groups);
    }

    /** How many of the pool's hosts are picked: one, all, a fixed number, a fixed or a random share. */
    public enum Mode {
      ONE("one"), ALL("all"), FIXED("fixed"), FIXED_PERCENT("fixed-percent"),
      RANDOM_MAX_PERCENT("random-max-percent");

      private final String word;

      Mode(String word) {
        this.word = word;
      }

      public String word() {
        return word;
      }

      public boolean takesValue() {
        return this == FIXED || this == FIXED_PERCENT || this == RANDOM_MAX_PERCENT;
      }

      static Optional<Mode> ofWord(String word) {
        return java.util.Arrays.stream(values()).filter(m -> m.word.equals(word)).findFirst();
      }

      static String words() {
        return String.join(", ", java.util.Arrays.stream(values()).map(Mode::word).toList());
      }
    }
  }

  /** A rollout stage's size: a number of hosts, or a share of the step's selected hosts. */
  public record StageSize(boolean percent, double value) {
    /** The hosts this stage covers out of {@code selected} (a share is rounded up, at least one host). */
    public int hostsOf(int selected) {
      int n = percent ? org.perfsim.coordinator.core.HostSelection.countOf(value, selected) : (int) value;
      return Math.max(1, Math.min(selected, n));
    }

    @Override
    public String toString() {
      return percent ? Percent.text(value) : Integer.toString((int) value);
    }
  }

  /** Stop the method once more than {@code maxGuestsPanickedPercent} of the fleet's guests panicked. */
  public record AbortCondition(double maxGuestsPanickedPercent) {
    public String text() {
      return "more than " + Percent.text(maxGuestsPanickedPercent) + " of guests panicked";
    }
  }

  /** What runs after the method (also after an abort or a cancel): reboot the guests that panicked. */
  public record Rollback(boolean rebootPanickedGuests) {}
}
