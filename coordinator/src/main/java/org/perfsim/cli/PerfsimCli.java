package org.perfsim.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code perfsim} command: one subcommand per verb. */
@Command(name = "perfsim", mixinStandardHelpOptions = true, version = "perfsim 0.1.0",
    description = "Simulates perf record with precise (PEBS) events on virtualized hosts.",
    subcommands = {DemoCommand.class, AttrCommand.class, MatrixCommand.class, ServeCommand.class, HostsCommand.class,
        RunCommand.class, HostNodeCommand.class, AbiCheckCommand.class, SessionsCommand.class,
        ReportCommand.class, ExperimentCommand.class,
        CommandLine.HelpCommand.class})
public final class PerfsimCli implements Callable<Integer> {
  /** Exit status for bad input (a bad event, option or value), as documented in the README. */
  public static final int USAGE_ERROR = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Without a verb: the usage, on stderr, as a usage error ({@code perfsim help} prints it with status 0). */
  @Override
  public Integer call() {
    spec.commandLine().getErr().println("perfsim: missing the verb");
    spec.commandLine().usage(spec.commandLine().getErr());
    return USAGE_ERROR;
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new PerfsimCli());
    cl.setParameterExceptionHandler((ex, args) -> usageError(ex.getCommandLine(), ex.getMessage()));
    cl.setExecutionStrategy(parseResult -> {
      // picocli skips its unmatched-argument error when --help is given: 'perfsim NOVERB --help' would
      // print the root usage with status 0 as if NOVERB were fine
      for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
        if (!p.unmatched().isEmpty()) {
          return usageError(p.commandSpec().commandLine(), "Unmatched argument '" + p.unmatched().get(0) + "'");
        }
      }
      return new CommandLine.RunLast().execute(parseResult);
    });
    cl.setExecutionExceptionHandler(Choices.handler());
    cl.setUsageHelpAutoWidth(true);
    return cl;
  }

  /**
   * "perfsim: MESSAGE" and the hint naming the verb's full name ({@code perfsim sessions get}, never
   * {@code perfsim perfsim}); an argument where a verb belongs is an "Unknown verb".
   */
  private static int usageError(CommandLine cl, String message) {
    String text = message;
    if (!cl.getSubcommands().isEmpty()) {
      java.util.regex.Matcher unmatched = java.util.regex.Pattern.compile("Unmatched arguments?[^']*'([^']*)'")
          .matcher(message);
      if (unmatched.find()) {
        text = "Unknown verb '" + unmatched.group(1) + "' (verbs: "
            + String.join(", ", cl.getSubcommands().keySet()) + ")";
      }
    }
    cl.getErr().println("perfsim: " + text);
    cl.getErr().println("Try '" + cl.getCommandSpec().qualifiedName() + " --help'.");
    return USAGE_ERROR;
  }

  /** Held so the level sticks: java.util.logging keeps loggers only weakly. */
  private static final java.util.logging.Logger GRPC_LOG = java.util.logging.Logger.getLogger("io.grpc");

  public static void main(String[] args) {
    // slf4j binds its provider on the first getLogger; when that is two threads at once (Pekko's logger
    // actor and the thread starting the actor system), the loser's calls are queued and slf4j warns on
    // stderr that it replays them (LoggerFactory.performInitialization / SubstituteLoggerFactory).
    // Binding here, on the one thread there is, leaves nothing to replay.
    org.slf4j.LoggerFactory.getILoggerFactory();
    args = SystemProperties.apply(args);
    // a client's connection failure is reported once as "perfsim: UNAVAILABLE ..."; grpc's own WARNING with a
    // stack trace (e.g. for a target that does not resolve) would only repeat it
    GRPC_LOG.setLevel(java.util.logging.Level.SEVERE);
    System.exit(commandLine().execute(args));
  }
}
