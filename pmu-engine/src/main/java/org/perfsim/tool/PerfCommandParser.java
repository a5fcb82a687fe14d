package org.perfsim.tool;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.perfsim.abi.AttrFlag;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.EventGroup;
import org.perfsim.events.EventList;
import org.perfsim.events.EventParser;
import org.perfsim.events.EventSyntaxError;
import org.perfsim.events.EventSyntaxException;
import org.perfsim.events.ParsedEvent;
import org.perfsim.events.PerfGeneration;
import org.perfsim.tool.OptionScanner.Occurrence;

/**
 * Reads a {@code perf record ...} or {@code perf stat ...} argv as one generation's perf would, with
 * or without the leading {@code perf}: options until the first non-option word or {@code --}, the
 * rest is the workload. Bad command lines come back as {@link CommandLineResult.Rejected} carrying
 * perf's own message (checked against the installed 6.1 binary).
 */
public final class PerfCommandParser {

  static final String EVENT_LIST_HINT = "Run 'perf list' for a list of valid events";
  /** perf record's default sampling frequency, Hz. */
  public static final int DEFAULT_FREQUENCY = 4000;
  /** cmd_record returning -EINVAL: exit status 234. */
  static final int EINVAL_STATUS = 234;

  private PerfCommandParser() {}

  /** Parses for a default simulated host ({@link CpuModel#DEFAULT}, 4 CPUs). */
  public static CommandLineResult parse(List<String> argv, PerfGeneration generation) {
    return parse(argv, generation, CpuModel.DEFAULT);
  }

  /** Parses for a simulated host with {@code cpu} (its vendor decides perf's vendor branches), 4 CPUs. */
  public static CommandLineResult parse(List<String> argv, PerfGeneration generation, CpuModel cpu) {
    return parse(argv, generation, ToolEnvironment.simulatedHost(cpu, 4));
  }

  public static CommandLineResult parse(List<String> argv, PerfGeneration generation,
      ToolEnvironment environment) {
    List<String> words = withoutProgramName(argv);
    if (words.isEmpty()) {
      return reject("usage: perf [--version] [--help] [OPTIONS] COMMAND [ARGS]", 1, -1);
    }
    Optional<PerfVerb> verb = PerfVerb.of(words.get(0));
    if (verb.isEmpty()) {
      return reject("perf: '" + words.get(0) + "' is not a perf-command. See 'perf --help'.", 1, 0);
    }
    List<String> args = words.subList(1, words.size());
    boolean checksUnsignedSign = generation == PerfGeneration.V6_1
        || generation == PerfGeneration.MODERN;
    OptionScanner.Scan scan = new OptionScanner(OptionTables.of(verb.get(), generation),
        checksUnsignedSign).scan(args);
    if (scan.error().isPresent()) {
      return new CommandLineResult.Rejected(scan.error().get());
    }
    return new Reading(verb.get(), generation, environment).read(scan);
  }

  private static List<String> withoutProgramName(List<String> argv) {
    if (!argv.isEmpty() && (argv.get(0).equals("perf") || argv.get(0).endsWith("/perf"))) {
      return argv.subList(1, argv.size());
    }
    return argv;
  }

  static CommandLineResult reject(String text, int status, int argIndex) {
    return new CommandLineResult.Rejected(
        new CommandLineError(text, status, argIndex, Optional.empty()));
  }

  /** The interpretation of one scan: option values, then perf's post-parse checks. */
  private static final class Reading {
    private final PerfVerb verb;
    private final PerfGeneration generation;
    private final ToolEnvironment env;
    private final List<ParsedEvent> events = new ArrayList<>();
    private final List<String> notices = new ArrayList<>();
    private boolean allCpus;
    private List<Integer> cpuList = List.of();
    private OptionalLong count = OptionalLong.empty();
    private OptionalLong userFreq = OptionalLong.empty();
    private List<Integer> pids = List.of();
    private boolean noInherit;
    private String output;
    private Optional<CallGraph> callGraph = Optional.empty();
    private boolean noBpfEvent;
    private int verbosity;

    Reading(PerfVerb verb, PerfGeneration generation, ToolEnvironment env) {
      this.verb = verb;
      this.generation = generation;
      this.env = env;
      this.output = verb == PerfVerb.RECORD ? "perf.data" : "";
    }

    CommandLineResult read(OptionScanner.Scan scan) {
      for (Occurrence occurrence : scan.occurrences()) {
        Optional<CommandLineError> error = apply(occurrence);
        if (error.isPresent()) {
          return new CommandLineResult.Rejected(error.get());
        }
      }
      return finish(Workload.of(scan.rest()));
    }

    private Optional<CommandLineError> apply(Occurrence o) {
      String value = o.value();
      switch (OptionTables.key(o.option())) {
        case OptionTables.EVENT -> {
          return addEvents(value, o.argIndex());
        }
        case OptionTables.ALL_CPUS -> allCpus = !o.negated();
        case OptionTables.CPU -> {
          Optional<List<Integer>> cpus = CpuListText.parse(value);
          if (cpus.isEmpty()) {
            return Optional.of(CommandLineError.usage(usageLine(), o.argIndex()));
          }
          cpuList = cpus.get();
        }
        case OptionTables.COUNT -> count = CNumbers.strtoull(value);
        case OptionTables.FREQ -> userFreq = OptionalLong.of(frequency(value));
        case OptionTables.PID -> {
          Optional<List<Integer>> parsed = CpuListText.parsePids(value);
          if (parsed.isEmpty()) {
            return Optional.of(new CommandLineError(
                "Couldn't create thread/CPU maps: No such process", 244, o.argIndex(),
                Optional.empty()));
          }
          pids = parsed.get();
        }
        case OptionTables.NO_INHERIT -> noInherit = !o.negated();
        case OptionTables.OUTPUT -> output = value;
        case "g" -> callGraph = Optional.of(CallGraph.FRAME_POINTER);
        case OptionTables.CALL_GRAPH -> {
          return callGraph(value, o);
        }
        case OptionTables.VERBOSE -> verbosity++;
        case OptionTables.NO_BPF_EVENT -> noBpfEvent = !o.negated();
        default -> throw new IllegalStateException("option without a meaning: " + o.option());
      }
      return Optional.empty();
    }

    private Optional<CommandLineError> callGraph(String value, Occurrence o) {
      if (value == null) {
        // 3.6: -g is a plain switch.
        callGraph = o.negated() ? Optional.empty() : Optional.of(CallGraph.FRAME_POINTER);
        return Optional.empty();
      }
      String name = generation == PerfGeneration.V3_7 ? "-g" : "--call-graph";
      CallGraph.Parsed parsed = CallGraph.parse(value, name);
      if (parsed instanceof CallGraph.Parsed.Invalid invalid) {
        return Optional.of(CommandLineError.usage(invalid.message(), o.argIndex()));
      }
      callGraph = Optional.of(((CallGraph.Parsed.Valid) parsed).callGraph());
      return Optional.empty();
    }

    /** record__parse_freq: {@code max} or atoi; the 2012 -F was a plain unsigned integer. */
    private long frequency(String value) {
      if (generation == PerfGeneration.V3_6 || generation == PerfGeneration.V3_7) {
        return CNumbers.strtoull(value).orElse(0) & 0xffff_ffffL;
      }
      if (value.equalsIgnoreCase("max")) {
        notices.add("info: Using a maximum frequency rate of " + env.maxSampleRate() + " Hz");
        return env.maxSampleRate();
      }
      return CNumbers.atoi(value) & 0xffff_ffffL;
    }

    private Optional<CommandLineError> addEvents(String text, int argIndex) {
      EventList list;
      try {
        list = EventParser.parse(text, generation);
      } catch (EventSyntaxException e) {
        return Optional.of(eventError(e.error(), argIndex));
      }
      if (verb == PerfVerb.STAT && usesFreqTerm(list)) {
        return Optional.of(eventError(
            new EventSyntaxError(text, -1, "'freq' is not usable in 'perf stat'"), argIndex));
      }
      int offset = events.size();
      for (ParsedEvent e : list.events()) {
        EventGroup g = e.group();
        events.add(new ParsedEvent(e.index() + offset, e.name(), e.attr(), e.modifiers(),
            new EventGroup(g.leaderIndex() + offset, g.size(), g.braced(), g.name())));
      }
      return Optional.empty();
    }

    /** 6.1's config_term_avail refuses a {@code freq=} term when perf stat parses events. */
    private boolean usesFreqTerm(EventList list) {
      return (generation == PerfGeneration.V6_1 || generation == PerfGeneration.MODERN)
          && list.events().stream().anyMatch(e -> e.attr().has(AttrFlag.FREQ));
    }

    /**
     * What perf prints for a rejected {@code -e} before its usage block (exit status 129 either way):
     * 6.1's caret report, or the 2012 line naming the whole argument (parse_events of v3.6).
     */
    private CommandLineError eventError(EventSyntaxError error, int argIndex) {
      String report = generation.reportsEventErrorsWithCaret() ? error.render()
          : "invalid or unsupported event: '" + error.input() + "'\n";
      return new CommandLineError(report + EVENT_LIST_HINT, CommandLineError.USAGE_STATUS,
          argIndex, Optional.of(error));
    }

    private String usageLine() {
      return "Usage: perf " + verb.word() + " [<options>] [<command>]";
    }

    private CommandLineResult finish(Workload workload) {
      applyPidOverride();
      boolean systemWide = allCpus;
      if (workload.kind() == Workload.Kind.NONE && !allCpus && cpuList.isEmpty() && pids.isEmpty()) {
        if (generation == PerfGeneration.V3_6 || generation == PerfGeneration.V3_7) {
          return reject(usageLine(), CommandLineError.USAGE_STATUS, -1);
        }
        systemWide = true;
      }
      OptionalLong frequency = OptionalLong.empty();
      if (verb == PerfVerb.RECORD) {
        Sampling.Checked checked = Sampling.check(generation, env, count, userFreq);
        if (checked.error().isPresent()) {
          return reject(checked.error().get(), EINVAL_STATUS, -1);
        }
        notices.addAll(checked.notices());
        frequency = checked.frequency();
      }
      List<ParsedEvent> chosen = events.isEmpty() ? DefaultEvents.of(verb, generation, env) : events;
      return new CommandLineResult.Accepted(new PerfCommand(verb, generation, env, chosen,
          events.isEmpty(), systemWide, cpuList, count, frequency, pids, noInherit, output, callGraph,
          noBpfEvent, verbosity, workload, notices));
    }

    /** target__validate: a PID target wins over -C and -a, with a warning. */
    private void applyPidOverride() {
      if (pids.isEmpty()) {
        return;
      }
      if (!cpuList.isEmpty()) {
        cpuList = List.of();
        notices.add("Warning:\nPID/TID switch overriding CPU");
        allCpus = false;
      } else if (allCpus) {
        allCpus = false;
        notices.add("Warning:\nPID/TID switch overriding SYSTEM");
      }
    }
  }
}
