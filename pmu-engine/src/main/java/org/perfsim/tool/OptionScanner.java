package org.perfsim.tool;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * perf's option parser (tools/lib/subcmd/parse-options.c, {@code PARSE_OPT_STOP_AT_NON_OPTION}) for
 * the options perfsim models: clustered short switches ({@code -ag}, {@code -vv}, {@code -c1000}),
 * long options with {@code =} or a separate value, unique abbreviations ({@code --cou 5}),
 * {@code --no-} negation of switches, {@code --} ending the options, and perf's error wording
 * ({@code unknown switch `z'}, {@code switch `c' requires a value}, {@code expects a numerical
 * value}, ...). An option that takes a value consumes the next word whatever it is, as perf does.
 */
final class OptionScanner {

  /** How an option takes its argument (parse-options' option types). */
  enum Arg {
    /** OPT_BOOLEAN / OPT_CALLBACK_NOOPT: no value; {@code --no-} negates. */
    NONE,
    /** OPT_INCR: no value, counts ({@code -vv}). */
    COUNT,
    /** OPT_STRING / OPT_CALLBACK: a required value, checked by the caller. */
    VALUE,
    /** OPT_U64: a required unsigned decimal value. */
    U64,
    /** OPT_UINTEGER of the 2012 tools: a decimal value, sign not checked. */
    UINT,
    /** OPT_CALLBACK_DEFAULT with PARSE_OPT_LASTARG_DEFAULT: the default when nothing follows. */
    LAST_ARG_DEFAULT
  }

  /**
   * @param shortName  the switch letter, or 0 for a long-only option
   * @param longName   the long name, or null for a switch-only option
   * @param defaultValue the value a LAST_ARG_DEFAULT option takes when none follows
   */
  record Option(char shortName, String longName, Arg arg, String defaultValue) {
    static Option of(char shortName, String longName, Arg arg) {
      return new Option(shortName, longName, arg, null);
    }
  }

  /** One option as given: its value (null for switches) and whether it was negated. */
  record Occurrence(Option option, String value, boolean negated, int argIndex) {}

  /** The scan: the options in order and the words left over (the workload), or perf's error. */
  record Scan(List<Occurrence> occurrences, List<String> rest, Optional<CommandLineError> error) {}

  private final List<Option> options;
  /** 6.1 refuses a leading '-' in an unsigned value; the 2012 tools did not check. */
  private final boolean rejectsNegativeUnsigned;

  private final List<Occurrence> found = new ArrayList<>();
  private List<String> argv;
  private int index;

  OptionScanner(List<Option> options, boolean rejectsNegativeUnsigned) {
    this.options = List.copyOf(options);
    this.rejectsNegativeUnsigned = rejectsNegativeUnsigned;
  }

  /** Scans {@code args}, the words after the subcommand; indexes in errors are into this list. */
  Scan scan(List<String> args) {
    argv = args;
    found.clear();
    for (index = 0; index < argv.size(); index++) {
      String word = argv.get(index);
      if (!word.startsWith("-") || word.length() == 1) {
        return done(index, Optional.empty());
      }
      if (word.equals("--")) {
        return done(index + 1, Optional.empty());
      }
      Optional<CommandLineError> error = word.startsWith("--")
          ? longOption(word.substring(2)) : shortCluster(word.substring(1));
      if (error.isPresent()) {
        return done(argv.size(), error);
      }
    }
    return done(argv.size(), Optional.empty());
  }

  private Scan done(int restFrom, Optional<CommandLineError> error) {
    return new Scan(List.copyOf(found), List.copyOf(argv.subList(restFrom, argv.size())), error);
  }

  private Optional<CommandLineError> shortCluster(String cluster) {
    for (int i = 0; i < cluster.length(); i++) {
      char letter = cluster.charAt(i);
      Optional<Option> option = options.stream().filter(o -> o.shortName() == letter).findFirst();
      if (option.isEmpty()) {
        return Optional.of(CommandLineError.usage("Error: unknown switch `" + letter + "'", index));
      }
      String attached = i + 1 < cluster.length() ? cluster.substring(i + 1) : null;
      if (option.get().arg() == Arg.NONE || option.get().arg() == Arg.COUNT) {
        found.add(new Occurrence(option.get(), null, false, index));
        if (i == 0 && attached != null && looksLikeLongOption(cluster)) {
          return Optional.of(CommandLineError.usage(
              "Error: did you mean `--" + cluster + "` (with two dashes ?)", index));
        }
        continue;
      }
      return takeValue(option.get(), attached, "switch `" + letter + "'");
    }
    return Optional.empty();
  }

  /** parse-options' check_typos: {@code -all}, whose {@code -a} was valid, is a mistyped {@code --all}. */
  private boolean looksLikeLongOption(String cluster) {
    return cluster.length() >= 3 && (cluster.startsWith("no-") || options.stream()
        .anyMatch(o -> o.longName() != null && o.longName().startsWith(cluster)));
  }

  private Optional<CommandLineError> longOption(String text) {
    int equals = text.indexOf('=');
    String name = equals < 0 ? text : text.substring(0, equals);
    String attached = equals < 0 ? null : text.substring(equals + 1);
    List<Option> exact = options.stream().filter(o -> name.equals(o.longName())).toList();
    if (!exact.isEmpty()) {
      return longMatch(exact.get(0), attached, false);
    }
    List<Option> prefixed = options.stream()
        .filter(o -> o.longName() != null && o.longName().startsWith(name)).toList();
    if (prefixed.size() == 1) {
      return longMatch(prefixed.get(0), attached, false);
    }
    if (prefixed.size() > 1) {
      return Optional.of(CommandLineError.usage("Error: Ambiguous option: " + name + " (could be --"
          + prefixed.get(0).longName() + " or --" + prefixed.get(1).longName() + ")", index));
    }
    if (name.startsWith("no-")) {
      String positive = name.substring(3);
      Optional<Option> negatable = options.stream()
          .filter(o -> o.arg() == Arg.NONE && positive.equals(o.longName())).findFirst();
      if (negatable.isPresent()) {
        return longMatch(negatable.get(), attached, true);
      }
    }
    return Optional.of(CommandLineError.usage("Error: unknown option `" + name + "'", index));
  }

  private Optional<CommandLineError> longMatch(Option option, String attached, boolean negated) {
    String label = "option `" + (negated ? "no-" : "") + option.longName() + "'";
    if (option.arg() == Arg.NONE || option.arg() == Arg.COUNT) {
      if (attached != null) {
        return Optional.of(CommandLineError.usage("Error: " + label + " takes no value", index));
      }
      found.add(new Occurrence(option, null, negated, index));
      return Optional.empty();
    }
    return takeValue(option, attached, label);
  }

  /** parse-options' get_arg and the numeric checks of get_value. */
  private Optional<CommandLineError> takeValue(Option option, String attached, String label) {
    int at = index;
    String value;
    if (attached != null) {
      value = attached;
    } else if (option.arg() == Arg.LAST_ARG_DEFAULT
        && (index + 1 >= argv.size() || argv.get(index + 1).startsWith("-"))) {
      value = option.defaultValue();
    } else if (index + 1 < argv.size()) {
      index++;
      value = argv.get(index);
    } else {
      return Optional.of(CommandLineError.usage("Error: " + label + " requires a value", at));
    }
    Optional<String> numericError = checkNumber(option.arg(), value);
    if (numericError.isPresent()) {
      return Optional.of(CommandLineError.usage("Error: " + label + " " + numericError.get(), at));
    }
    found.add(new Occurrence(option, value, false, at));
    return Optional.empty();
  }

  private Optional<String> checkNumber(Arg arg, String value) {
    if (arg != Arg.U64 && arg != Arg.UINT) {
      return Optional.empty();
    }
    if (arg == Arg.U64 && rejectsNegativeUnsigned && value.startsWith("-")) {
      return Optional.of("expects an unsigned numerical value");
    }
    return CNumbers.strtoull(value).isPresent()
        ? Optional.empty() : Optional.of("expects a numerical value");
  }
}
