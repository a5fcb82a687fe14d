package org.perfsim.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.Capabilities;
import org.perfsim.kernel.Kernel;
import org.perfsim.kernel.PerfPermissions;
import org.perfsim.perfdata.SimulatedTasks;
import org.perfsim.tool.AttrBuilder;
import org.perfsim.tool.CommandLineResult;
import org.perfsim.tool.ConfiguredEvent;
import org.perfsim.tool.KernelProbes;
import org.perfsim.tool.PerfCommand;
import org.perfsim.tool.PerfCommandParser;
import org.perfsim.tool.PerfOpenLoop;
import org.perfsim.tool.ToolEnvironment;
import org.perfsim.vm.Guest;
import org.perfsim.vm.GuestReport;

/**
 * One host's perf session: perf parses its command line with its generation and opens its events through
 * the host's kernel (with the binary's fallbacks); then a {@link RunningSession} plays it out in simulated
 * time. {@link #run} does it all in-process on a freshly provisioned {@link Host}, with the guests as plain
 * {@link Guest} objects; the host actor steps its own {@link Host} with guest actors. Deterministic under
 * the seed.
 */
public final class HostSimulation {
  /** Simulated time between two exchanges of a host with its guests. */
  public static final long DEFAULT_STEP_NANOS = 50_000_000L;

  private final HostSpec spec;
  private final long seed;
  private final long stepNanos;

  public HostSimulation(HostSpec spec, long seed) {
    this(spec, seed, DEFAULT_STEP_NANOS);
  }

  public HostSimulation(HostSpec spec, long seed, long stepNanos) {
    this.spec = spec;
    this.seed = seed;
    this.stepNanos = checkedStep(stepNanos);
  }

  /** {@code stepNanos} if a host can step by it: at least one slice. */
  static long checkedStep(long stepNanos) {
    if (stepNanos < RunningSession.SLICE_NANOS) {
      throw new IllegalArgumentException("step must be at least one slice (1 ms), got " + stepNanos + " ns");
    }
    return stepNanos;
  }

  public HostSpec spec() {
    return spec;
  }

  /** {@link #start(List, Optional, long, List)} on a fresh host: time 0, every guest just booted. */
  public SessionStart start(List<String> argv, Optional<PerfGeneration> perfOverride) {
    return start(argv, perfOverride, 0, List.of());
  }

  /** {@link #start(List, Optional, long, List, Capabilities)} as root. */
  public SessionStart start(List<String> argv, Optional<PerfGeneration> perfOverride, long hostNanos,
      List<GuestReport> guestsNow) {
    return start(argv, perfOverride, hostNanos, guestsNow, Capabilities.DEFAULT);
  }

  /**
   * Parses and opens {@code argv} ({@code perf record ...}) with the installed perf, or {@code perfOverride},
   * run by a caller with {@code caps}, on a host whose clock reads {@code hostNanos} and whose guests last
   * reported {@code guestsNow} (guests not listed are running).
   */
  public SessionStart start(List<String> argv, Optional<PerfGeneration> perfOverride, long hostNanos,
      List<GuestReport> guestsNow, Capabilities caps) {
    PerfGeneration perf = perfOverride.orElse(spec.perf());
    PerfPermissions permissions = spec.permissions(caps);
    CommandLineResult parsed = parse(spec, argv, perf, permissions);
    if (parsed instanceof CommandLineResult.Rejected r) {
      return new SessionStart.Refused(SessionResult.refused(spec.hostId(), r.error().text(),
          r.error().exitStatus()));
    }
    PerfCommand command = ((CommandLineResult.Accepted) parsed).command();
    Kernel kernel = new Kernel(spec.kernel(), spec.cpu(), spec.pcpus(), spec.perfEventParanoid(), caps);
    // perf's probes open and close test events; a kernel of the same policy and caller answers them identically
    KernelProbes probes = KernelProbes.probe(
        new Kernel(spec.kernel(), spec.cpu(), spec.pcpus(), spec.perfEventParanoid(), caps), perf, 0);
    List<Integer> cpus = command.hasPidTarget() ? List.of(-1) : command.targetCpus();
    // perf forks the workload and opens its events on that task: the kernel sees a per-task event, not a
    // CPU-wide one (which perf_event_paranoid restricts); -a and -C are CPU-wide
    int pid = command.hasPidTarget() ? command.pids().get(0)
        : command.targetNone() ? SimulatedTasks.HOST_PID : -1;
    List<PerfOpenLoop.Result> opened = new ArrayList<>();
    for (ConfiguredEvent event : AttrBuilder.build(command, probes)) {
      if (event.role() != ConfiguredEvent.Role.USER_EVENT) {
        continue;
      }
      PerfOpenLoop.Result open = PerfOpenLoop.open(event, perf, kernel, cpus, pid, spec.perfEventParanoid());
      opened.add(open);
      if (!open.succeeded()) {
        return new SessionStart.Refused(SessionResults.openFailed(spec.hostId(), opened));
      }
    }
    HostClock clock = new HostClock(hostNanos, command.workload().durationNanos(), stepNanos, guestsNow);
    return new SessionStart.Started(new RunningSession(spec, command, kernel, opened, clock, seed));
  }

  /** What {@code perf} run as root on the host of {@code spec} makes of {@code argv}. */
  static CommandLineResult parse(HostSpec spec, List<String> argv, PerfGeneration perf) {
    return parse(spec, argv, perf, spec.permissions(Capabilities.DEFAULT));
  }

  /** What {@code perf} on the host of {@code spec} makes of {@code argv}, as {@link #start} parses it. */
  static CommandLineResult parse(HostSpec spec, List<String> argv, PerfGeneration perf,
      PerfPermissions permissions) {
    // the host's CPU vendor is part of what perf builds (DefaultEvents: AMD's default cycles), and whether
    // its user may profile the kernel (6.1's default cycles:u)
    return PerfCommandParser.parse(argv, perf,
        ToolEnvironment.simulatedHost(spec.cpu(), spec.pcpus(), permissions));
  }

  /** The whole session in-process on a host just provisioned: the same steps the host actor takes. */
  public SessionResult run(List<String> argv, Optional<PerfGeneration> perfOverride) {
    return run(argv, perfOverride, Capabilities.DEFAULT);
  }

  /** {@link #run(List, Optional)} by a caller with {@code caps}. */
  public SessionResult run(List<String> argv, Optional<PerfGeneration> perfOverride, Capabilities caps) {
    return new Host(spec, stepNanos).run(argv, perfOverride, seed, spec.bootGuests(), caps);
  }

  /**
   * {@link #run(List, Optional)} with the slices played as {@code mode}: the modes give equal results, so
   * only benchmarks and tests that compare them choose.
   */
  public SessionResult run(List<String> argv, Optional<PerfGeneration> perfOverride, SteppingMode mode) {
    Host host = new Host(spec, stepNanos);
    host.stepping(mode);
    return host.run(argv, perfOverride, seed, spec.bootGuests());
  }

  /** Plays a started session to its end on a host just provisioned, its guests as plain objects. */
  SessionResult play(RunningSession session) {
    return new Host(spec, stepNanos).play(session, spec.bootGuests());
  }
}
