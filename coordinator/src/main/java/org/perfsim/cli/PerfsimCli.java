package org.perfsim.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code perfsim} command: one subcommand per verb. */
@Command(name = "perfsim", mixinStandardHelpOptions = true, version = "perfsim 0.1.0",
    description = "Simulates perf record with precise (PEBS) events on virtualized hosts.",
    subcommands = {DemoCommand.class, AttrCommand.class, MatrixCommand.class, ServeCommand.class, HostsCommand.class,
        RunCommand.class, HostNodeCommand.class})
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

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
