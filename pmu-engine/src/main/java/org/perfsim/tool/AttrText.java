package org.perfsim.tool;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.perfsim.abi.AttrCodec;
import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.AttrSize;
import org.perfsim.abi.PerfEventAttr;
import org.perfsim.abi.ReadFormat;
import org.perfsim.abi.SampleType;

/**
 * A struct perf_event_attr pasted as a user has it: hex bytes, the {@code perf_event_attr:} block that
 * {@code perf record -vv}/{@code perf stat -vv} prints ({@link AttrPrinter}'s format; the first block when there
 * are several, as perf prints one per retry), or an {@code strace -e perf_event_open} line (its first call).
 * Read in one pass, at most {@link #MAX_CHARS} characters; an error names the line and the field.
 */
public final class AttrText {
  /** The longest text read: a -vv block is about 1 KiB, a page of hex about 8 KiB. */
  public static final int MAX_CHARS = 65_536;

  /** The three forms, as the user pasted them. */
  public enum Form { HEX, PERF_VERBOSE, STRACE }

  /**
   * The attr as the kernel would receive it: its {@code bytes} (hex as given; the other forms encoded at their
   * size field, 0 meaning 64 as the kernel reads it), the form read and what the reader had to assume.
   */
  public record Parsed(byte[] bytes, Form form, List<String> notes) {
    public Parsed {
      bytes = bytes.clone();
      notes = List.copyOf(notes);
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    public PerfEventAttr attr() {
      return AttrCodec.decode(bytes, Math.min(bytes.length, AttrCodec.KNOWN_SIZE));
    }
  }

  /** Text that is none of the three forms, or a field in it that is not what the form allows. */
  public static final class Error extends IllegalArgumentException {
    private final int line;

    Error(int line, String message) {
      super(line > 0 ? "line " + line + ": " + message : message);
      this.line = line;
    }

    /** 1-based line of the input, 0 when the text as a whole is at fault. */
    public int line() {
      return line;
    }
  }

  private AttrText() {}

  public static Parsed parse(String text) {
    if (text.length() > MAX_CHARS) {
      throw new Error(0, text.length() + " characters, more than " + MAX_CHARS);
    }
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains("perf_event_open(")) {
        return StraceLine.parse(lines[i], i + 1);
      }
      if (lines[i].strip().equals(AttrPrinter.HEADER)) {
        return verboseBlock(lines, i + 1);
      }
    }
    return hex(text);
  }

  private static Parsed hex(String text) {
    String digits = text.replaceAll("0x|\\\\x|[\\s,:]", "");
    if (digits.isEmpty()) {
      throw new Error(0, "no attr: give hex bytes, perf -vv's 'perf_event_attr:' block or an strace "
          + "perf_event_open line");
    }
    for (int i = 0; i < digits.length(); i++) {
      if (Character.digit(digits.charAt(i), 16) < 0) {
        throw new Error(0, "not hex bytes, a 'perf_event_attr:' block or an strace perf_event_open line: '"
            + digits.charAt(i) + "' at hex digit " + (i + 1));
      }
    }
    if (digits.length() % 2 != 0) {
      throw new Error(0, "hex bytes: an odd number of digits (" + digits.length() + ")");
    }
    byte[] bytes = AttrCodec.fromHex(digits);
    if (bytes.length < 8) {
      throw new Error(0, "hex bytes: " + bytes.length + " bytes, fewer than the 8 that hold type and size");
    }
    return new Parsed(bytes, Form.HEX, List.of());
  }

  /** The block after {@code perf_event_attr:} (line {@code first} is its first field) up to the dashed line. */
  private static Parsed verboseBlock(String[] lines, int first) {
    PerfEventAttr.Builder b = PerfEventAttr.builder();
    List<String> notes = new ArrayList<>();
    boolean sizeGiven = false;
    for (int i = first; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("---")) {
        break;
      }
      int cut = line.lastIndexOf(' ');
      if (cut < 0) {
        throw new Error(i + 1, "'" + line + "' is not a field and its value");
      }
      String name = line.substring(0, cut).strip();
      String value = line.substring(cut + 1);
      sizeGiven |= name.equals("size");
      verboseField(b, name, value, i + 1);
    }
    if (!sizeGiven) {
      notes.add("the block has no size line: perf prints none for size 0, which the kernel reads as 64");
    }
    return new Parsed(encodeAtSize(b.build()), Form.PERF_VERBOSE, notes);
  }

  private static void verboseField(PerfEventAttr.Builder b, String name, String value, int line) {
    switch (name) {
      case "type" -> b.type((int) number(value, name, line));
      case "size" -> b.size((int) number(value, name, line));
      case "config" -> b.config(number(value, name, line));
      case "{ sample_period, sample_freq }" -> b.samplePeriodOrFreq(number(value, name, line));
      case "sample_type" -> b.sampleType(bits(value, "", name, line, SampleBits.SAMPLE_TYPE));
      case "read_format" -> b.readFormat(bits(value, "", name, line, SampleBits.READ_FORMAT));
      case "precise_ip" -> b.preciseIp((int) range(number(value, name, line), 0, 3, name, line));
      case "{ wakeup_events, wakeup_watermark }" -> b.wakeupEventsOrWatermark((int) number(value, name, line));
      case "bp_type" -> b.bpType((int) number(value, name, line));
      case "{ bp_addr, config1 }" -> b.config1(number(value, name, line));
      case "{ bp_len, config2 }" -> b.config2(number(value, name, line));
      case "branch_sample_type" -> b.branchSampleType(bits(value, "", name, line, SampleBits.BRANCH));
      case "sample_regs_user" -> b.sampleRegsUser(number(value, name, line));
      case "sample_stack_user" -> b.sampleStackUser((int) number(value, name, line));
      case "clockid" -> b.clockid((int) number(value, name, line));
      case "sample_regs_intr" -> b.sampleRegsIntr(number(value, name, line));
      case "aux_watermark" -> b.auxWatermark((int) number(value, name, line));
      case "sample_max_stack" -> b.sampleMaxStack((short) number(value, name, line));
      case "aux_sample_size" -> b.auxSampleSize((int) number(value, name, line));
      case "sig_data" -> b.sigData(number(value, name, line));
      case "config3" -> b.config3(number(value, name, line));
      default -> {
        AttrFlag flag = AttrFlag.ofFieldName(name)
            .orElseThrow(() -> new Error(line, "unknown field '" + name + "'"));
        b.flag(flag, range(number(value, name, line), 0, 1, name, line) == 1);
      }
    }
  }

  /** The attr written at its size field (0: the kernel's 64), at least the 8 bytes of type and size. */
  static byte[] encodeAtSize(PerfEventAttr attr) {
    int length = attr.size() == 0 ? AttrSize.VER0.bytes() : Integer.min(Math.max(attr.size(), 8),
        AttrCodec.KNOWN_SIZE);
    return AttrCodec.encode(attr, length);
  }

  /** A decimal (optionally negative) or 0x-hex number; {@code field} names it in the error. */
  static long number(String text, String field, int line) {
    String t = text.strip();
    try {
      if (t.startsWith("0x") || t.startsWith("0X")) {
        return Long.parseUnsignedLong(t.substring(2), 16);
      }
      return t.startsWith("-") ? Long.parseLong(t) : Long.parseUnsignedLong(t);
    } catch (NumberFormatException e) {
      throw new Error(line, field + ": '" + text + "' is not a number");
    }
  }

  static long range(long value, long min, long max, String field, int line) {
    if (value < min || value > max) {
      throw new Error(line, field + ": " + value + " is outside " + min + ".." + max);
    }
    return value;
  }

  /** {@code A|B|0x40}: names of {@code bits} (after {@code prefix}) or numbers, or'ed. */
  static long bits(String text, String prefix, String field, int line, Map<String, Long> names) {
    long value = 0;
    for (String part : text.split("\\|")) {
      String p = part.strip();
      if (p.isEmpty()) {
        throw new Error(line, field + ": an empty name in '" + text + "'");
      }
      if (Character.isDigit(p.charAt(0))) {
        value |= number(p, field, line);
        continue;
      }
      String name = p.startsWith(prefix) ? p.substring(prefix.length()) : p;
      Long bit = names.get(name.toUpperCase(Locale.ROOT));
      if (bit == null) {
        throw new Error(line, field + ": unknown name '" + p + "'");
      }
      value |= bit;
    }
    return value;
  }

  /** The names of bit-set fields, as both perf and strace spell them (strace with a prefix). */
  static final class SampleBits {
    static final Map<String, Long> SAMPLE_TYPE = of(SampleType.values());
    static final Map<String, Long> READ_FORMAT = of(ReadFormat.values());
    static final Map<String, Long> BRANCH = branch();

    private static Map<String, Long> of(Enum<?>[] values) {
      Map<String, Long> m = new java.util.HashMap<>();
      for (Enum<?> v : values) {
        m.put(v.name(), 1L << v.ordinal());
      }
      return Map.copyOf(m);
    }

    private static Map<String, Long> branch() {
      Map<String, Long> m = new java.util.HashMap<>();
      List<String> names = AttrPrinter.branchSampleNameList();
      for (int bit = 0; bit < names.size(); bit++) {
        m.put(names.get(bit), 1L << bit);
      }
      return Map.copyOf(m);
    }

    private SampleBits() {}
  }
}
