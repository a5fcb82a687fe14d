package org.perfsim.id;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.KernelPolicy;

/** CPU models, kernel policies and perf generations are looked up by one rule: blanks and case ignored. */
class IdentifiedTest {

  /** Each kind: its values, its own {@code byId} and its own {@code validIds}. */
  static Stream<Arguments> everyKind() {
    return Stream.of(
        kind("CPU model", CpuModel.values(), CpuModel::byId, CpuModel::validIds),
        kind("kernel policy", KernelPolicy.builtIns().toArray(KernelPolicy[]::new), KernelPolicy::byId,
            KernelPolicy::validIds),
        kind("perf generation", PerfGeneration.values(), PerfGeneration::byId, PerfGeneration::validIds));
  }

  private static <T extends Identified> Arguments kind(String name, T[] values, Function<String, Optional<T>> byId,
      Supplier<String> validIds) {
    return Arguments.of(name, values, byId, validIds);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyKind")
  void everyIdOfEveryKindIsFoundWithBlanksAroundItAndInAnyCase(String kind, Identified[] values,
      Function<String, Optional<?>> byId, Supplier<String> validIds) {
    for (Identified value : values) {
      assertEquals(Optional.of(value), byId.apply(value.id()), kind);
      assertEquals(Optional.of(value), byId.apply("  " + value.id().toUpperCase(Locale.ROOT) + "\t"), kind);
      assertEquals(Optional.of(value), byId.apply(" " + value.id().substring(0, 1).toUpperCase(Locale.ROOT)
          + value.id().substring(1)), kind);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyKind")
  void anUnknownOrEmptyIdIsEmptyForEveryKind(String kind, Identified[] values, Function<String, Optional<?>> byId,
      Supplier<String> validIds) {
    assertEquals(Optional.empty(), byId.apply(""), kind);
    assertEquals(Optional.empty(), byId.apply("  "), kind);
    assertEquals(Optional.empty(), byId.apply("no-such-id"), kind);
    assertEquals(Optional.empty(), byId.apply(values[0].id() + "x"), kind);
    assertEquals(Optional.empty(), byId.apply(values[0].id().replace("", " ").trim()), kind + ": inner blanks count");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyKind")
  void everyKindListsItsValidIdsInDeclarationOrder(String kind, Identified[] values,
      Function<String, Optional<?>> byId, Supplier<String> validIds) {
    assertEquals(String.join(", ", Stream.of(values).map(Identified::id).toList()), validIds.get(), kind);
  }
}
