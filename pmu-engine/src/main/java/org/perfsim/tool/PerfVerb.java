package org.perfsim.tool;

import java.util.Optional;

/** The perf subcommands perfsim models. */
public enum PerfVerb {
  /** {@code perf record}: sampling events written to perf.data. */
  RECORD("record"),
  /** {@code perf stat}: counting events, no sampling. */
  STAT("stat");

  private final String word;

  PerfVerb(String word) {
    this.word = word;
  }

  /** The subcommand as typed: {@code record}. */
  public String word() {
    return word;
  }

  public static Optional<PerfVerb> of(String word) {
    for (PerfVerb verb : values()) {
      if (verb.word.equals(word)) {
        return Optional.of(verb);
      }
    }
    return Optional.empty();
  }
}
