package org.perfsim.tool;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * The command perf runs and profiles (everything after the options), and how long it runs in
 * simulated time.
 *
 * <p>{@code sleep N} runs N seconds (decimals and GNU sleep's {@code s/m/h/d} suffixes allowed, several
 * operands add up); {@code true} and {@code :} end at once; any other command is opaque and runs
 * {@link #OPAQUE_DURATION_NANOS}. With no command at all, perf profiles the whole system until it is
 * interrupted; perfsim stops it after the same default.
 *
 * @param argv           the command as typed, empty when there is none
 * @param kind           how the duration was decided
 * @param durationNanos  simulated run time
 */
public record Workload(List<String> argv, Kind kind, long durationNanos) {

  /** Run time given to a command perfsim cannot interpret, and to a session with no command: 1 s. */
  public static final long OPAQUE_DURATION_NANOS = 1_000_000_000L;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  /** How {@link #durationNanos()} was decided. */
  public enum Kind {
    /** No command: perf counts system-wide until interrupted. */
    NONE,
    /** {@code true} or {@code :}. */
    INSTANT,
    /** {@code sleep N}. */
    SLEEP,
    /** Any other command. */
    OPAQUE
  }

  public Workload {
    argv = List.copyOf(argv);
    if (durationNanos < 0) {
      throw new IllegalArgumentException("negative duration " + durationNanos);
    }
  }

  /** The workload of a command line's remaining words. */
  public static Workload of(List<String> argv) {
    if (argv.isEmpty()) {
      return new Workload(argv, Kind.NONE, OPAQUE_DURATION_NANOS);
    }
    String program = argv.get(0);
    if (program.equals("true") || program.equals(":") || program.equals("/bin/true")) {
      return new Workload(argv, Kind.INSTANT, 0);
    }
    if (program.equals("sleep") || program.equals("/bin/sleep")) {
      Optional<Long> nanos = sleepNanos(argv.subList(1, argv.size()));
      if (nanos.isPresent()) {
        return new Workload(argv, Kind.SLEEP, nanos.get());
      }
    }
    return new Workload(argv, Kind.OPAQUE, OPAQUE_DURATION_NANOS);
  }

  /** The command line as perf quotes it in messages: words joined by spaces. */
  public String commandText() {
    return String.join(" ", argv);
  }

  private static Optional<Long> sleepNanos(List<String> operands) {
    if (operands.isEmpty()) {
      return Optional.empty();
    }
    long total = 0;
    for (String operand : operands) {
      Optional<Long> nanos = operandNanos(operand);
      if (nanos.isEmpty()) {
        return Optional.empty();
      }
      total += nanos.get();
    }
    return Optional.of(total);
  }

  private static Optional<Long> operandNanos(String operand) {
    long unit = NANOS_PER_SECOND;
    String number = operand;
    if (!operand.isEmpty()) {
      char suffix = operand.charAt(operand.length() - 1);
      long multiplier = switch (suffix) {
        case 's' -> 1;
        case 'm' -> 60;
        case 'h' -> 3600;
        case 'd' -> 86_400;
        default -> 0;
      };
      if (multiplier != 0) {
        unit = multiplier * NANOS_PER_SECOND;
        number = operand.substring(0, operand.length() - 1);
      }
    }
    if (!number.matches("\\d*\\.?\\d+|\\d+\\.")) {
      return Optional.empty();
    }
    BigDecimal nanos = new BigDecimal(number).multiply(BigDecimal.valueOf(unit));
    return Optional.of(nanos.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
  }
}
