package org.perfsim.tool;

import java.util.Optional;
import org.perfsim.events.EventSyntaxError;

/**
 * A command line the modelled perf refuses, with the text it prints before its usage block.
 *
 * @param text        everything perf writes about the error, e.g. {@code Error: unknown switch `z'}
 *                    or an event syntax report plus its {@code Run 'perf list'} hint (leading blanks
 *                    perf adds are not kept)
 * @param exitStatus  perf's exit status (129 for option errors)
 * @param argIndex    index in the argv (after {@code perf}) of the offending word, -1 if none
 * @param eventError  the event syntax error when {@code -e} was the problem
 */
public record CommandLineError(String text, int exitStatus, int argIndex,
    Optional<EventSyntaxError> eventError) {

  /** parse-options' exit status for a bad option. */
  public static final int USAGE_STATUS = 129;

  public CommandLineError {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("an error needs its text");
    }
  }

  static CommandLineError usage(String text, int argIndex) {
    return new CommandLineError(text, USAGE_STATUS, argIndex, Optional.empty());
  }

  /** The first line perf prints, without its leading blanks: what a test compares with the binary. */
  public String headline() {
    return text.lines().filter(l -> !l.isBlank()).findFirst().orElseThrow().strip();
  }
}
