package org.perfsim.tool;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.perfsim.events.PerfGeneration;

/**
 * perf record's sampling options after {@code record_opts__config}: either a frequency (the kernel
 * adjusts the period to reach it) or a fixed period, and whether the user asked for either.
 *
 * @param frequency        opts->freq: Hz, 0 in period mode
 * @param defaultInterval  opts->default_interval: the period in period mode, else the frequency
 * @param userFrequency    {@code -F} was given (it then overrides config-term periods too)
 * @param userInterval     {@code -c} was given
 */
record Sampling(long frequency, long defaultInterval, boolean userFrequency, boolean userInterval) {

  /** The sampling a parsed command asks for. */
  static Sampling of(PerfCommand command) {
    long freq = command.frequency().isPresent() ? command.frequency().getAsLong()
        : defaultFrequency(command.generation(), command.environment());
    long interval = command.count().orElse(0);
    if (interval != 0) {
      freq = 0;
    } else {
      interval = freq;
    }
    return new Sampling(freq, interval, command.frequency().isPresent(), command.count().isPresent());
  }

  /** 4000 Hz, lowered to the kernel's maximum by 6.1 and later. */
  static long defaultFrequency(PerfGeneration generation, ToolEnvironment env) {
    boolean capped = generation == PerfGeneration.V6_1 || generation == PerfGeneration.MODERN;
    return capped ? Math.min(PerfCommandParser.DEFAULT_FREQUENCY, env.maxSampleRate())
        : PerfCommandParser.DEFAULT_FREQUENCY;
  }

  /** The checks of record_opts__config: the user frequency to keep, what perf printed, or its error. */
  record Checked(OptionalLong frequency, List<String> notices, Optional<String> error) {}

  static Checked check(PerfGeneration generation, ToolEnvironment env, OptionalLong count,
      OptionalLong userFreq) {
    boolean modernChecks = generation == PerfGeneration.V6_1 || generation == PerfGeneration.MODERN;
    List<String> notices = new ArrayList<>();
    if (modernChecks && count.isPresent() && userFreq.isPresent()) {
      return failed("cannot set frequency and period at the same time");
    }
    long interval = count.orElse(0);
    long freq = userFreq.orElse(PerfCommandParser.DEFAULT_FREQUENCY);
    if (interval == 0 && freq == 0) {
      return failed("frequency and count are zero, aborting");
    }
    if (modernChecks && interval == 0) {
      long max = env.maxSampleRate();
      if (userFreq.isPresent() && freq > max) {
        notices.add("warning: Maximum frequency rate (" + max + " Hz) exceeded, throttling from "
            + freq + " Hz to " + max + " Hz.\n"
            + "         The limit can be raised via /proc/sys/kernel/perf_event_max_sample_rate.\n"
            + "         The kernel will lower it when perf's interrupts take too long.\n"
            + "         Use --strict-freq to disable this throttling, refusing to record.");
        freq = max;
      } else if (freq > max) {
        notices.add("Lowering default frequency rate from " + freq + " to " + max + ".\n"
            + "Please consider tweaking /proc/sys/kernel/perf_event_max_sample_rate.");
      }
    }
    OptionalLong kept = userFreq.isPresent() ? OptionalLong.of(freq) : OptionalLong.empty();
    return new Checked(kept, notices, Optional.empty());
  }

  private static Checked failed(String message) {
    return new Checked(OptionalLong.empty(), List.of(), Optional.of(message));
  }
}
