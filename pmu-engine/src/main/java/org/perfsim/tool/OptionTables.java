package org.perfsim.tool;

import java.util.ArrayList;
import java.util.List;
import org.perfsim.events.PerfGeneration;
import org.perfsim.tool.OptionScanner.Arg;
import org.perfsim.tool.OptionScanner.Option;

/**
 * The options perfsim models, as each generation's builtin-record.c / builtin-stat.c declares them.
 * Options a real perf has but perfsim does not model are reported as unknown.
 *
 * <p>{@code -g}: a plain switch in 3.6 ({@code OPT_BOOLEAN('g', "call-graph")}); in 3.7 the mode
 * argument with {@code fp} as the last-argument default ({@code OPT_CALLBACK_DEFAULT}); in 6.1 and
 * modern a switch without long name, the mode going to {@code --call-graph}. {@code -F} is an
 * unsigned integer in 2012 and a callback taking {@code max} later; {@code --no-bpf-event} exists
 * from 5.1.
 */
final class OptionTables {

  static final String EVENT = "event";
  static final String ALL_CPUS = "all-cpus";
  static final String CPU = "cpu";
  static final String COUNT = "count";
  static final String FREQ = "freq";
  static final String PID = "pid";
  static final String NO_INHERIT = "no-inherit";
  static final String OUTPUT = "output";
  static final String CALL_GRAPH = "call-graph";
  static final String VERBOSE = "verbose";
  static final String NO_BPF_EVENT = "no-bpf-event";

  private OptionTables() {}

  static List<Option> of(PerfVerb verb, PerfGeneration generation) {
    List<Option> options = new ArrayList<>(List.of(
        Option.of('e', EVENT, Arg.VALUE),
        Option.of('a', ALL_CPUS, Arg.NONE),
        Option.of('C', CPU, Arg.VALUE),
        Option.of('p', PID, Arg.VALUE),
        Option.of('i', NO_INHERIT, Arg.NONE),
        Option.of('o', OUTPUT, Arg.VALUE),
        Option.of('v', VERBOSE, Arg.COUNT)));
    if (verb == PerfVerb.RECORD) {
      options.addAll(recordOnly(generation));
    }
    return List.copyOf(options);
  }

  private static List<Option> recordOnly(PerfGeneration generation) {
    return switch (generation) {
      case V3_6 -> List.of(
          Option.of('c', COUNT, Arg.U64),
          Option.of('F', FREQ, Arg.UINT),
          Option.of('g', CALL_GRAPH, Arg.NONE));
      case V3_7 -> List.of(
          Option.of('c', COUNT, Arg.U64),
          Option.of('F', FREQ, Arg.UINT),
          new Option('g', CALL_GRAPH, Arg.LAST_ARG_DEFAULT, "fp"));
      case V6_1, MODERN -> List.of(
          Option.of('c', COUNT, Arg.U64),
          Option.of('F', FREQ, Arg.VALUE),
          Option.of('g', null, Arg.NONE),
          Option.of((char) 0, CALL_GRAPH, Arg.VALUE),
          Option.of((char) 0, NO_BPF_EVENT, Arg.NONE));
    };
  }

  /** The key an occurrence is interpreted by: the long name, or the letter for {@code -g}. */
  static String key(Option option) {
    return option.longName() != null ? option.longName() : String.valueOf(option.shortName());
  }
}
