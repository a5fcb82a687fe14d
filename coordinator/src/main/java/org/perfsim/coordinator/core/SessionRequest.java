package org.perfsim.coordinator.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A session as a caller asks for it, before any check: the perf command, an optional perf generation that
 * overrides the hosts' own, an optional seed, and which hosts run it; whether each host returns a perf.data
 * file, and of how many samples per pCPU at most; the capabilities perf runs with (unset: root); whether a host whose answer timed out is driven once more.
 */
public record SessionRequest(Command command, Optional<String> perfGeneration, OptionalLong seed, HostChoice hosts,
    boolean perfData, OptionalInt perfDataSamplesPerCpu, Optional<String> callerCapabilities,
    boolean redriveTimedOutHosts) {

  /** A session that returns no perf.data files. */
  public SessionRequest(Command command, Optional<String> perfGeneration, OptionalLong seed, HostChoice hosts) {
    this(command, perfGeneration, seed, hosts, false, OptionalInt.empty());
  }

  /** A session whose perf runs as root (the capabilities unset) and whose timed-out hosts are only reported. */
  public SessionRequest(Command command, Optional<String> perfGeneration, OptionalLong seed, HostChoice hosts,
      boolean perfData, OptionalInt perfDataSamplesPerCpu) {
    this(command, perfGeneration, seed, hosts, perfData, perfDataSamplesPerCpu, Optional.empty(), false);
  }

  /** The perf command: one shell-quoted line, or its words. */
  public sealed interface Command permits CommandLine, Argv, NoCommand {}

  public record CommandLine(String line) implements Command {}

  public record Argv(List<String> args) implements Command {
    public Argv {
      args = List.copyOf(args);
    }
  }

  /** Neither a command line nor argv was given. */
  public record NoCommand() implements Command {}

  /** The blast radius: explicit ids, a label selector, every host, a count or a percentage of the fleet. */
  public sealed interface HostChoice permits Ids, Labels, All, Count, Percent, NoChoice {}

  public record Ids(List<String> ids) implements HostChoice {
    public Ids {
      ids = List.copyOf(ids);
    }
  }

  public record Labels(Map<String, String> matchLabels) implements HostChoice {
    public Labels {
      matchLabels = Map.copyOf(matchLabels);
    }
  }

  /** Every host; {@code all} false is a request error (the field must be true when set). */
  public record All(boolean all) implements HostChoice {}

  /** {@code count} hosts picked by the seed (an unsigned 32-bit value). */
  public record Count(int count) implements HostChoice {}

  public record Percent(double percent) implements HostChoice {}

  /** No selection was given. */
  public record NoChoice() implements HostChoice {}
}
