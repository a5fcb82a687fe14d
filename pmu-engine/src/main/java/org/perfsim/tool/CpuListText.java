package org.perfsim.tool;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** The CPU and PID lists of {@code -C 0-1,3} and {@code -p 42,43}, as perf's map constructors read them. */
final class CpuListText {

  /** A CPU number perf would accept (perf_cpu_map__new caps at MAX_NR_CPUS). */
  private static final int MAX_NR_CPUS = 4096;

  private CpuListText() {}

  /** {@code 0}, {@code 0-3}, {@code 0,2-3}: sorted, without duplicates; empty when malformed. */
  static Optional<List<Integer>> parse(String text) {
    TreeSet<Integer> cpus = new TreeSet<>();
    for (String part : text.split(",", -1)) {
      String[] range = part.strip().split("-", -1);
      if (range.length > 2 || !isNumber(range[0]) || (range.length == 2 && !isNumber(range[1]))) {
        return Optional.empty();
      }
      int from = Integer.parseInt(range[0]);
      int to = range.length == 2 ? Integer.parseInt(range[1]) : from;
      if (to < from || to >= MAX_NR_CPUS) {
        return Optional.empty();
      }
      for (int cpu = from; cpu <= to; cpu++) {
        cpus.add(cpu);
      }
    }
    return Optional.of(List.copyOf(cpus));
  }

  /** {@code 42} or {@code 42,43}: positive process ids; empty when malformed. */
  static Optional<List<Integer>> parsePids(String text) {
    List<String> parts = List.of(text.split(",", -1));
    if (parts.stream().anyMatch(p -> !isNumber(p.strip()) || Long.parseLong(p.strip()) <= 0
        || Long.parseLong(p.strip()) > Integer.MAX_VALUE)) {
      return Optional.empty();
    }
    return Optional.of(parts.stream().map(p -> Integer.parseInt(p.strip())).toList());
  }

  private static boolean isNumber(String text) {
    return !text.isEmpty() && text.length() <= 9 && text.chars().allMatch(Character::isDigit);
  }
}
