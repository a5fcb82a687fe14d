package org.perfsim.tool;

/** What {@link PerfCommandParser} made of an argv: a command, or perf's refusal. Never an exception. */
public sealed interface CommandLineResult {

  record Accepted(PerfCommand command) implements CommandLineResult {}

  record Rejected(CommandLineError error) implements CommandLineResult {}

  /** The command, for callers that have already ruled out a rejection. */
  default PerfCommand orElseThrow() {
    if (this instanceof Accepted accepted) {
      return accepted.command();
    }
    throw new IllegalStateException(((Rejected) this).error().text());
  }
}
