package org.perfsim.coordinator.core;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.Capabilities;
import org.perfsim.kernel.KernelPolicies;
import org.perfsim.kernel.KernelPolicy;
import org.perfsim.kernel.PerfPermissions;

/**
 * A request field naming a CPU model, kernel policy or perf generation, as the domain: the lookup is the
 * domain's own {@code byId} (one rule for all three, {@link org.perfsim.id.Identified#byId}); what this
 * adds is the API's default for an empty field and a {@link CoreError} naming the field for an unknown id.
 */
public final class DomainIds {
  private DomainIds() {}

  /** {@code value} as a CPU model; empty means {@link Defaults#CPU}; unknown is INVALID_ARGUMENT on {@code field}. */
  public static CpuModel cpu(String field, String value) {
    return named(field, value, Defaults.CPU, "CPU model", CpuModel::byId, CpuModel.validIds());
  }

  public static KernelPolicy kernel(String field, String value) {
    return kernel(KernelPolicies.BUILT_IN, field, value);
  }

  /** {@code value} as a policy of {@code policies} (built-ins, a user's); empty means {@link Defaults#KERNEL}. */
  public static KernelPolicy kernel(KernelPolicies policies, String field, String value) {
    return named(field, value, Defaults.KERNEL, "kernel policy", policies::byId, policies.validIds());
  }

  public static PerfGeneration perf(String field, String value) {
    return named(field, value, Defaults.PERF, "perf generation", PerfGeneration::byId, PerfGeneration.validIds());
  }

  /** A perf generation that must be named: unlike {@link #perf(String, String)}, empty has no default. */
  /** A {@code kernel.perf_event_paranoid} level, -1..3; unset means {@link Defaults#PERF_EVENT_PARANOID}. */
  public static int perfEventParanoid(String field, OptionalInt value) {
    int paranoid = value.orElse(Defaults.PERF_EVENT_PARANOID);
    if (!PerfPermissions.validParanoid(paranoid)) {
      throw CoreError.invalid(field, "must be " + PerfPermissions.VALID_PARANOID_TEXT + ", got " + paranoid);
    }
    return paranoid;
  }

  /** The caller's capabilities; empty means {@link Defaults#CALLER_CAPABILITIES} (root). */
  public static Capabilities capabilities(String field, String value) {
    return named(field, value, Defaults.CALLER_CAPABILITIES, "capabilities", Capabilities::byId,
        Capabilities.validIds());
  }

  public static PerfGeneration perfNamed(String field, String value) {
    return named(field, value, value, "perf generation", PerfGeneration::byId, PerfGeneration.validIds());
  }

  /**
   * A kernel policy of {@code policies} (the built-ins and a user's) that must be named: empty is refused as
   * required, unknown lists the valid ids.
   */
  public static KernelPolicy kernelNamed(KernelPolicies policies, String field, String value) {
    if (value.isBlank()) {
      throw CoreError.invalid(field, "required: a kernel policy (valid: " + policies.validIds() + ")");
    }
    return named(field, value, value, "kernel policy", policies::byId, policies.validIds());
  }

  /** A CPU model that must be named (an entry of a list): empty has no default. */
  public static CpuModel cpuNamed(String field, String value) {
    return named(field, value, value, "CPU model", CpuModel::byId, CpuModel.validIds());
  }

  private static <T> T named(String field, String value, String fallback, String kind,
      Function<String, Optional<T>> byId, String validIds) {
    String id = value.isEmpty() ? fallback : value;
    return byId.apply(id).orElseThrow(() -> CoreError.invalid(field, "unknown " + kind + " '" + id + "' (valid: "
        + validIds + ")"));
  }
}
