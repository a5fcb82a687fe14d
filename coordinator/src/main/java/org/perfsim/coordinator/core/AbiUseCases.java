package org.perfsim.coordinator.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.IntConsumer;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.Kernel;
import org.perfsim.kernel.KernelPolicy;
import org.perfsim.kernel.OpenResult;
import org.perfsim.session.MatrixPlan;
import org.perfsim.session.MatrixPlanRefused;
import org.perfsim.session.MatrixRow;
import org.perfsim.session.MatrixRunner;
import org.perfsim.session.SeedCases;
import org.perfsim.tool.AttrBuilder;
import org.perfsim.tool.AttrText;
import org.perfsim.tool.CommandLineResult;
import org.perfsim.tool.ConfiguredEvent;
import org.perfsim.tool.PerfCommandParser;

/** The {@code attr} and {@code matrix} verbs' domain calls with the API's checks and defaults. No fleet. */
public final class AbiUseCases {
  private AbiUseCases() {}

  /** OpenAttr's request: unset (0 / empty) fields take the defaults of {@link Defaults}. */
  public record OpenRequest(String kernel, String cpu, int onlineCpus, byte[] attr, OptionalInt perfEventParanoid,
      boolean unprivileged, OptionalInt pid, OptionalInt cpuArg, OptionalInt groupFd, long flags,
      Optional<String> attrText) {
    /** The attr given as bytes only. */
    public OpenRequest(String kernel, String cpu, int onlineCpus, byte[] attr, OptionalInt perfEventParanoid,
        boolean unprivileged, OptionalInt pid, OptionalInt cpuArg, OptionalInt groupFd, long flags) {
      this(kernel, cpu, onlineCpus, attr, perfEventParanoid, unprivileged, pid, cpuArg, groupFd, flags,
          Optional.empty());
    }
  }

  /** RunMatrix's request: empty lists mean every perf generation and kernel, Ivy Bridge, the default events. */
  public record MatrixRequest(List<String> perfGenerations, List<String> kernels, List<String> cpus,
      List<String> events, OptionalLong guests, boolean idleGuests, String baseline, OptionalLong seed) {}

  /** The events perf (generation {@code perfGeneration}, default {@link Defaults#PERF}) opens for {@code events}. */
  public static List<ConfiguredEvent> encode(String events, String perfGeneration) {
    if (events.isBlank()) {
      throw CoreError.invalid("events", "required, e.g. \"cycles:pp\"");
    }
    PerfGeneration generation = DomainIds.perf("perf_generation", perfGeneration);
    CommandLineResult parsed = PerfCommandParser.parse(List.of("perf", "record", "-e", events, "--", "true"),
        generation);
    if (parsed instanceof CommandLineResult.Rejected rejected) {
      throw CoreError.invalid("events", "perf " + generation.id() + " rejects the events:\n" + rejected.error().text());
    }
    return AttrBuilder.build(((CommandLineResult.Accepted) parsed).command()).stream()
        .filter(e -> e.role() == ConfiguredEvent.Role.USER_EVENT).toList();
  }

  /** perf_event_open of raw attr bytes on a kernel as {@code request} describes it. */
  public static OpenResult open(OpenRequest request) {
    KernelPolicy policy = DomainIds.kernel("kernel_policy", request.kernel());
    CpuModel cpu = DomainIds.cpu("cpu_model", request.cpu());
    int onlineCpus = Limits.within("online_cpus", request.onlineCpus() == 0 ? Defaults.ONLINE_CPUS
        : request.onlineCpus(), 1, Limits.MAX_ONLINE_CPUS);
    if (request.attr().length > Limits.MAX_ATTR_BYTES) {
      throw CoreError.invalid("attr", request.attr().length + " bytes, more than " + Limits.MAX_ATTR_BYTES);
    }
    byte[] attr = request.attrText().map(text -> attrFromText(text, request.attr())).orElse(request.attr());
    int paranoid = request.perfEventParanoid().orElse(Defaults.PERF_EVENT_PARANOID);
    if (paranoid < -1 || paranoid > 3) {
      throw CoreError.invalid("perf_event_paranoid", "must be within -1..3, got " + paranoid);
    }
    Kernel kernel = new Kernel(policy, cpu, onlineCpus, paranoid, !request.unprivileged());
    return kernel.perfEventOpen(attr, request.pid().orElse(-1), request.cpuArg().orElse(0),
        request.groupFd().orElse(-1), request.flags());
  }

  /** The bytes of an attr pasted as text ({@link AttrText}: hex, perf -vv's block, an strace line). */
  private static byte[] attrFromText(String text, byte[] bytes) {
    if (bytes.length > 0) {
      throw CoreError.invalid("attr_text", "give attr or attr_text, not both");
    }
    try {
      return AttrText.parse(text).bytes();
    } catch (AttrText.Error e) {
      throw CoreError.invalid("attr_text", e.getMessage());
    }
  }

  /** Runs the matrix; {@code progress} hears the cases done so far and may throw to stop between cases. */
  public static List<MatrixRow> matrix(MatrixRequest request, IntConsumer progress) {
    List<PerfGeneration> perfs = names("perf_generations", request.perfGenerations(), DomainIds::perfNamed);
    List<KernelPolicy> kernels = names("kernels", request.kernels(), DomainIds::kernelNamed);
    List<CpuModel> cpus = names("cpus", request.cpus(), DomainIds::cpuNamed);
    KernelPolicy baseline = DomainIds.kernel("baseline", request.baseline());
    long guests = request.guests().orElse(SeedCases.SEED_GUESTS);
    MatrixPlan plan;
    try {
      plan = MatrixPlan.selection(perfs, kernels.isEmpty() ? List.of(KernelPolicy.values()) : kernels, cpus,
          request.events(), (int) Math.max(Integer.MIN_VALUE, Math.min(guests, Integer.MAX_VALUE)), request.idleGuests(),
          Limits.MAX_MATRIX_CASES);
    } catch (MatrixPlanRefused refused) {
      throw switch (refused.kind()) {
        case INVALID -> CoreError.invalid(refused.field(), refused.reason());
        case TOO_MANY_CASES -> CoreError.exhausted("", refused.reason());
      };
    }
    MatrixRunner runner = new MatrixRunner(baseline, request.seed().orElse(Defaults.SEED));
    return runner.run(plan.sections().get(0), progress);
  }

  private static <T> List<T> names(String field, List<String> ids,
      java.util.function.BiFunction<String, String, T> byId) {
    List<T> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      out.add(byId.apply(field + "[" + i + "]", ids.get(i)));
    }
    return out;
  }
}
