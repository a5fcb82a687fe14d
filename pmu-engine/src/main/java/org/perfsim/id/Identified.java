package org.perfsim.id;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A choice that command lines, config files and the API name by a short id: a CPU model ({@code ivybridge}),
 * a kernel policy ({@code 3.6}), a perf generation ({@code modern}). Every kind is looked up by the one rule
 * here, so an id a person types means the same thing whatever it names.
 */
public interface Identified {

  /** The canonical id, as printed and as listed by {@link #validIds}. */
  String id();

  /**
   * The value of {@code values} whose id is {@code id}, blanks around it ignored and letters in any case
   * ({@code " IvyBridge "} is {@code ivybridge}); empty if none is.
   */
  static <T extends Identified> Optional<T> byId(T[] values, String id) {
    String wanted = id.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values).filter(v -> v.id().toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
  }

  /** The ids of {@code values}, comma-separated in declaration order, for errors that list what is valid. */
  static String validIds(Identified[] values) {
    return Arrays.stream(values).map(Identified::id).collect(Collectors.joining(", "));
  }
}
