package org.perfsim.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code perfsim} command: one subcommand per verb. */
@Command(name = "perfsim", mixinStandardHelpOptions = true, version = "perfsim 0.1.0",
    description = "Simulates perf record with precise (PEBS) events on virtualized hosts.",
    subcommands = {DemoCommand.class, AttrCommand.class, MatrixCommand.class, ServeCommand.class, HostsCommand.class,
        RunCommand.class, HostNodeCommand.class, AbiCheckCommand.class})
public final class PerfsimCli implements Runnable {
  /** Exit status for bad input (a bad event, option or value), as documented in the README. */
  public static final int USAGE_ERROR = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new PerfsimCli());
    cl.setParameterExceptionHandler((ex, args) -> {
      ex.getCommandLine().getErr().println("perfsim: " + ex.getMessage());
      ex.getCommandLine().getErr().println("Try 'perfsim " + ex.getCommandLine().getCommandName() + " --help'.");
      return USAGE_ERROR;
    });
    cl.setExecutionExceptionHandler(Choices.handler());
    return cl;
  }

  /** Held so the level sticks: java.util.logging keeps loggers only weakly. */
  private static final java.util.logging.Logger GRPC_LOG = java.util.logging.Logger.getLogger("io.grpc");

  public static void main(String[] args) {
    // a client's connection failure is reported once as "perfsim: UNAVAILABLE ..."; grpc's own WARNING with a
    // stack trace (e.g. for a target that does not resolve) would only repeat it
    GRPC_LOG.setLevel(java.util.logging.Level.SEVERE);
    System.exit(commandLine().execute(args));
  }
}
