package org.perfsim.coordinator.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.KernelPolicy;

/**
 * The one way the coordinator and the CLI look up a CPU model, kernel policy or perf generation by id:
 * surrounding blanks ignored, letters in any case. (The domain's own {@code byId} methods disagree:
 * {@code PerfGeneration.byId} matches exactly, {@code KernelPolicy.byId} and {@code CpuModel.byId} trim
 * and ignore case; this helper applies the latter rule to all three.)
 */
public final class DomainIds {
  private DomainIds() {}

  public static Optional<CpuModel> cpu(String id) {
    return find(CpuModel.values(), CpuModel::id, id);
  }

  public static Optional<KernelPolicy> kernel(String id) {
    return find(KernelPolicy.values(), KernelPolicy::id, id);
  }

  public static Optional<PerfGeneration> perf(String id) {
    return find(PerfGeneration.values(), PerfGeneration::id, id);
  }

  /** {@code value} as a CPU model; empty means {@link Defaults#CPU}; unknown is INVALID_ARGUMENT on {@code field}. */
  public static CpuModel cpu(String field, String value) {
    return named(field, value, Defaults.CPU, "CPU model", DomainIds::cpu, CpuModel.validIds());
  }

  public static KernelPolicy kernel(String field, String value) {
    return named(field, value, Defaults.KERNEL, "kernel policy", DomainIds::kernel, KernelPolicy.validIds());
  }

  public static PerfGeneration perf(String field, String value) {
    return named(field, value, Defaults.PERF, "perf generation", DomainIds::perf, PerfGeneration.validIds());
  }

  /** A perf generation that must be named: unlike {@link #perf(String, String)}, empty has no default. */
  public static PerfGeneration perfNamed(String field, String value) {
    return named(field, value, value, "perf generation", DomainIds::perf, PerfGeneration.validIds());
  }

  /** A kernel policy that must be named (an entry of a list): empty has no default. */
  public static KernelPolicy kernelNamed(String field, String value) {
    return named(field, value, value, "kernel policy", DomainIds::kernel, KernelPolicy.validIds());
  }

  /** A CPU model that must be named (an entry of a list): empty has no default. */
  public static CpuModel cpuNamed(String field, String value) {
    return named(field, value, value, "CPU model", DomainIds::cpu, CpuModel.validIds());
  }

  private static <T> Optional<T> find(T[] values, Function<T, String> idOf, String id) {
    String wanted = id.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values).filter(v -> idOf.apply(v).toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
  }

  private static <T> T named(String field, String value, String fallback, String kind,
      Function<String, Optional<T>> byId, String validIds) {
    String id = value.isEmpty() ? fallback : value;
    return byId.apply(id).orElseThrow(() -> CoreError.invalid(field, "unknown " + kind + " '" + id + "' (valid: "
        + validIds + ")"));
  }
}
