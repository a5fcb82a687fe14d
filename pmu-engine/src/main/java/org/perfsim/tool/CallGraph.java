package org.perfsim.tool;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code -g} / {@code --call-graph MODE[,SIZE]}: how perf record asks for call chains.
 *
 * @param mode      frame pointers, DWARF user-stack copies, or the LBR call stack
 * @param dumpSize  bytes of user stack copied per sample (DWARF only; 0 otherwise)
 */
public record CallGraph(Mode mode, int dumpSize) {

  /** perf's default DWARF stack dump: 8192 bytes. */
  public static final int DEFAULT_DUMP_SIZE = 8192;
  /** perf's limit: {@code round_down(USHRT_MAX, sizeof(u64))}. */
  public static final int MAX_DUMP_SIZE = 65528;

  public static final CallGraph FRAME_POINTER = new CallGraph(Mode.FP, 0);

  /** The record modes of {@code --call-graph}. */
  public enum Mode {
    FP, DWARF, LBR;

    String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A {@code --call-graph} value as perf's parse_callchain_record_opt judges it. */
  public sealed interface Parsed {
    record Valid(CallGraph callGraph) implements Parsed {}

    /** @param message perf's own text, e.g. {@code callchain: Unknown --call-graph option value: x} */
    record Invalid(String message) implements Parsed {}
  }

  /** Parses {@code fp}, {@code dwarf}, {@code dwarf,4096} or {@code lbr}. */
  public static Parsed parse(String value, String optionName) {
    String[] parts = value.split(",", 2);
    Optional<Mode> mode = Arrays.stream(Mode.values()).filter(m -> m.word().equals(parts[0]))
        .findFirst();
    Parsed unknown = new Parsed.Invalid("callchain: Unknown " + optionName + " option value: " + value);
    if (mode.isEmpty()) {
      return unknown;
    }
    if (mode.get() != Mode.DWARF) {
      return parts.length == 1 ? new Parsed.Valid(new CallGraph(mode.get(), 0)) : unknown;
    }
    if (parts.length == 1) {
      return new Parsed.Valid(new CallGraph(Mode.DWARF, DEFAULT_DUMP_SIZE));
    }
    OptionalLong size = CNumbers.strtoull(parts[1]);
    if (size.isEmpty() || size.getAsLong() <= 0 || size.getAsLong() > MAX_DUMP_SIZE) {
      return new Parsed.Invalid("callchain: Incorrect stack dump size (max " + MAX_DUMP_SIZE + "): "
          + parts[1]);
    }
    // perf rounds the dump size up to a multiple of u64.
    return new Parsed.Valid(new CallGraph(Mode.DWARF, (int) ((size.getAsLong() + 7) / 8 * 8)));
  }
}
