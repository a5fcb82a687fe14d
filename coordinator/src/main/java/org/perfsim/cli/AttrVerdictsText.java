package org.perfsim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.perfsim.abi.AttrCodec;
import org.perfsim.cpu.CpuModel;
import org.perfsim.session.AttrVerdicts;
import org.perfsim.tool.AttrPrinter;
import org.perfsim.tool.AttrText;

/** {@code perfsim attr --from FILE|-}: a pasted attr and every kernel policy's verdict on it. */
final class AttrVerdictsText {
  private AttrVerdictsText() {}

  static int print(String from, List<CpuModel> cpus, boolean json) throws IOException {
    String text = read(from);
    AttrText.Parsed parsed;
    try {
      parsed = AttrText.parse(text);
    } catch (AttrText.Error e) {
      throw new Choices.BadChoice("--from " + from + ": " + e.getMessage());
    }
    byte[] bytes = parsed.bytes();
    List<AttrVerdicts.Verdict> verdicts = AttrVerdicts.of(bytes, cpus);
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("form", parsed.form().name().toLowerCase(java.util.Locale.ROOT));
      out.put("bytes", AttrCodec.hex(bytes));
      out.put("notes", parsed.notes());
      List<Map<String, Object>> rows = new ArrayList<>();
      for (AttrVerdicts.Verdict v : verdicts) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("kernel", v.kernel().id());
        row.put("cpu", v.cpu().id());
        row.put("errno", v.errno().map(Enum::name).orElse(""));
        row.put("reason", v.reason());
        row.put("precise_ip", v.precise());
        row.put("counts_guest", v.countsGuest());
        row.put("uses_pebs", v.usesPebs());
        row.put("guests", v.guests().name().toLowerCase(java.util.Locale.ROOT));
        rows.add(row);
      }
      out.put("verdicts", rows);
      System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
      return 0;
    }
    System.out.printf("# attr from %s (%s, %d bytes)%n", from.equals("-") ? "stdin" : from, formName(parsed.form()),
        bytes.length);
    System.out.print(AttrPrinter.verbose(parsed.attr()));
    parsed.notes().forEach(n -> System.out.println("note: " + n));
    TextTable table = new TextTable(List.of("KERNEL", "CPU", "ANSWER", "PRECISE", "COUNTS GUEST", "GUESTS"));
    for (AttrVerdicts.Verdict v : verdicts) {
      table.add(List.of(v.kernel().id(), v.cpu().id(),
          v.errno().map(e -> e.name() + " (" + v.reason() + ")").orElse("opened"),
          v.errno().isPresent() ? "-" : Integer.toString(v.precise()),
          v.errno().isPresent() ? "-" : v.countsGuest() ? "yes" : "no", v.guests().text()));
    }
    System.out.print(table.toText());
    return 0;
  }

  private static String formName(AttrText.Form form) {
    return switch (form) {
      case HEX -> "hex bytes";
      case PERF_VERBOSE -> "perf -vv block";
      case STRACE -> "strace line";
    };
  }

  /** The text, at most one character past {@link AttrText#MAX_CHARS} (which the parser then refuses). */
  private static String read(String from) throws IOException {
    try (InputStream in = from.equals("-") ? System.in : Files.newInputStream(Path.of(from));
        Reader reader = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
      char[] buffer = new char[AttrText.MAX_CHARS + 1];
      int n = 0;
      for (int r; n < buffer.length && (r = reader.read(buffer, n, buffer.length - n)) > 0; ) {
        n += r;
      }
      return new String(buffer, 0, n);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new Choices.BadChoice("--from: no such file: " + from);
    }
  }
}
