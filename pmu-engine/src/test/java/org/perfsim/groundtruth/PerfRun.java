package org.perfsim.groundtruth;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one run of the installed perf produced.
 *
 * @param args        the argv after {@code perf}
 * @param exitCode    perf's exit status (129 for an event syntax error from the option parser)
 * @param stdout      everything perf wrote to stdout
 * @param stderr      everything perf wrote to stderr ({@code -vv} output goes here)
 * @param attrBlocks  every {@code perf_event_attr:} block in print order: field -> value as printed
 * @param syntaxError perf's {@code event syntax error:} report, if it printed one
 */
public record PerfRun(
    List<String> args,
    int exitCode,
    String stdout,
    String stderr,
    List<Map<String, String>> attrBlocks,
    Optional<PerfSyntaxError> syntaxError) {

  public PerfRun {
    args = List.copyOf(args);
    attrBlocks = List.copyOf(attrBlocks);
  }

  static PerfRun of(List<String> args, int exitCode, String stdout, String stderr) {
    String all = stderr + "\n" + stdout;
    return new PerfRun(args, exitCode, stdout, stderr, VerboseOutput.attrBlocks(all),
        VerboseOutput.syntaxError(stderr));
  }

  /**
   * The attr perf built for its first event, before any open attempt. Later blocks are retries
   * (precise_ip lowering, cpu-clock fallback on this PMU-less machine) or further events.
   */
  public Optional<Map<String, String>> firstAttr() {
    return attrBlocks.isEmpty() ? Optional.empty() : Optional.of(attrBlocks.get(0));
  }

  /**
   * True when perf accepted the event list. perf rejects with an {@code event syntax error} report,
   * or, when a parser action aborts without recording an error (e.g. {@code L1-icache-stores}), with
   * only its {@code Run 'perf list'} hint and exit status 129.
   */
  public boolean acceptedEvents() {
    return syntaxError.isEmpty() && !stderr.contains(VerboseOutput.EVENT_LIST_HINT);
  }
}
