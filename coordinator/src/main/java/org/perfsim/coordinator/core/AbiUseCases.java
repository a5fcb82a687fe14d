package org.perfsim.coordinator.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.IntConsumer;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.Capabilities;
import org.perfsim.kernel.Kernel;
import org.perfsim.kernel.KernelPolicies;
import org.perfsim.kernel.KernelPolicy;
import org.perfsim.kernel.KernelPolicyFileException;
import org.perfsim.kernel.OpenResult;
import org.perfsim.session.AbiCheck;
import org.perfsim.session.AbiDiff;
import org.perfsim.session.MatrixCase;
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

/**
 * The {@code attr}, {@code matrix} and {@code abi-check} verbs' domain calls with the API's checks and defaults.
 * No fleet.
 */
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
      List<String> events, OptionalLong guests, boolean idleGuests, String baseline, OptionalLong seed,
      OptionalInt perfEventParanoid, Optional<String> callerCapabilities) {
    /** Every cell's perf run as root on hosts at the default perf_event_paranoid. */
    public MatrixRequest(List<String> perfGenerations, List<String> kernels, List<String> cpus,
        List<String> events, OptionalLong guests, boolean idleGuests, String baseline, OptionalLong seed) {
      this(perfGenerations, kernels, cpus, events, guests, idleGuests, baseline, seed, OptionalInt.empty(),
          Optional.empty());
    }
  }

  /**
   * AbiCheck's request: {@code from}/{@code to} name built-in policies or ones {@code kernelPolicies} (policy
   * files as text) define; with no perf generations, events, guests or idle guests: the seed table cells.
   */
  public record AbiCheckRequest(String from, String to, List<String> kernelPolicies, List<String> perfGenerations,
      List<String> cpus, List<String> events, OptionalLong guests, boolean idleGuests, OptionalLong seed) {}

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

  /** perf_event_open of raw attr bytes on a kernel (one of {@code policies}) as {@code request} describes it. */
  public static OpenResult open(OpenRequest request, KernelPolicies policies) {
    KernelPolicy policy = DomainIds.kernel(policies, "kernel_policy", request.kernel());
    CpuModel cpu = DomainIds.cpu("cpu_model", request.cpu());
    int onlineCpus = Limits.within("online_cpus", request.onlineCpus() == 0 ? Defaults.ONLINE_CPUS
        : request.onlineCpus(), 1, Limits.MAX_ONLINE_CPUS);
    if (request.attr().length > Limits.MAX_ATTR_BYTES) {
      throw CoreError.invalid("attr", request.attr().length + " bytes, more than " + Limits.MAX_ATTR_BYTES);
    }
    byte[] attr = request.attrText().map(text -> attrFromText(text, request.attr())).orElse(request.attr());
    int paranoid = DomainIds.perfEventParanoid("perf_event_paranoid", request.perfEventParanoid());
    Kernel kernel = new Kernel(policy, cpu, onlineCpus, paranoid,
        request.unprivileged() ? Capabilities.NONE : Capabilities.SYS_ADMIN);
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

  /**
   * Runs the matrix over kernels of {@code policies} (empty: the built-ins); {@code progress} hears the cases
   * done so far and may throw to stop between cases.
   */
  public static List<MatrixRow> matrix(MatrixRequest request, KernelPolicies policies, IntConsumer progress) {
    List<PerfGeneration> perfs = names("perf_generations", request.perfGenerations(), DomainIds::perfNamed);
    List<KernelPolicy> kernels = names("kernels", request.kernels(),
        (field, id) -> DomainIds.kernelNamed(policies, field, id));
    List<CpuModel> cpus = names("cpus", request.cpus(), DomainIds::cpuNamed);
    KernelPolicy baseline = DomainIds.kernel(policies, "baseline", request.baseline());
    long guests = request.guests().orElse(SeedCases.SEED_GUESTS);
    int paranoid = DomainIds.perfEventParanoid("perf_event_paranoid", request.perfEventParanoid());
    Capabilities caps = DomainIds.capabilities("caller_capabilities", request.callerCapabilities().orElse(""));
    MatrixPlan plan = plan(perfs, kernels.isEmpty() ? KernelPolicy.builtIns() : kernels, cpus, request.events(),
        guests, request.idleGuests()).withPermissions(paranoid, caps);
    MatrixRunner runner = new MatrixRunner(baseline, request.seed().orElse(Defaults.SEED));
    return runner.run(plan.sections().get(0), progress);
  }

  /**
   * The same cases under {@code from} and {@code to}, sorted as {@link AbiCheck#compare} sorts them; the
   * request's own policies join {@code known} (the built-ins and the server's) for this call only.
   */
  public static AbiDiff abiCheck(AbiCheckRequest request, KernelPolicies known) {
    KernelPolicies policies = plusTexts(known, "kernel_policies", request.kernelPolicies());
    KernelPolicy from = DomainIds.kernelNamed(policies, "from", request.from());
    KernelPolicy to = DomainIds.kernelNamed(policies, "to", request.to());
    List<PerfGeneration> perfs = names("perf_generations", request.perfGenerations(), DomainIds::perfNamed);
    List<CpuModel> cpus = names("cpus", request.cpus(), DomainIds::cpuNamed);
    boolean seedCells = perfs.isEmpty() && request.events().isEmpty() && request.guests().isEmpty()
        && !request.idleGuests();
    List<MatrixCase> cases;
    if (seedCells) {
      cases = AbiCheck.seedCases(to, cpus);
    } else {
      long guests = request.guests().orElse(SeedCases.SEED_GUESTS);
      cases = plan(perfs, List.of(to), cpus, request.events(), guests, request.idleGuests()).sections().get(0);
    }
    return AbiCheck.compare(from, to, cases, request.seed().orElse(Defaults.SEED));
  }

  /**
   * {@code known} plus the policies of {@code texts} (policy files as text, {@code field[i]} in errors): a
   * file that cannot be read is INVALID_ARGUMENT naming the entry, the line and the policy field.
   */
  public static KernelPolicies plusTexts(KernelPolicies known, String field, List<String> texts) {
    if (texts.size() > Limits.MAX_KERNEL_POLICY_FILES) {
      throw CoreError.invalid(field, texts.size() + " files, more than " + Limits.MAX_KERNEL_POLICY_FILES);
    }
    KernelPolicies policies = known;
    for (int i = 0; i < texts.size(); i++) {
      String name = field + "[" + i + "]";
      if (texts.get(i).length() > Limits.MAX_KERNEL_POLICY_FILE_BYTES) {
        throw CoreError.invalid(name, texts.get(i).length() + " characters, more than "
            + Limits.MAX_KERNEL_POLICY_FILE_BYTES);
      }
      try {
        policies = policies.plusFile(name, texts.get(i));
      } catch (KernelPolicyFileException e) {
        throw CoreError.invalid(name, "line " + e.line() + ": " + (e.field().isEmpty() ? "" : e.field() + ": ")
            + e.problem());
      }
    }
    return policies;
  }

  /** The matrix of a selection, bounded by {@link Limits#MAX_MATRIX_CASES}; a refusal names its field. */
  private static MatrixPlan plan(List<PerfGeneration> perfs, List<KernelPolicy> kernels, List<CpuModel> cpus,
      List<String> events, long guests, boolean idleGuests) {
    try {
      return MatrixPlan.selection(perfs, kernels, cpus, events,
          (int) Math.max(Integer.MIN_VALUE, Math.min(guests, Integer.MAX_VALUE)), idleGuests, Limits.MAX_MATRIX_CASES);
    } catch (MatrixPlanRefused refused) {
      throw switch (refused.kind()) {
        case INVALID -> CoreError.invalid(refused.field(), refused.reason());
        case TOO_MANY_CASES -> CoreError.exhausted("", refused.reason());
      };
    }
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
