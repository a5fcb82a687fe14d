package org.perfsim.perfdata;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads back what a client shows of a perf.data file perfsim wrote: its command line, with perfsim's note. */
public final class PerfDataReader {
  private PerfDataReader() {}

  /** The CMDLINE feature's words, empty when {@code file} is not a perf.data file with one. */
  public static List<String> cmdline(byte[] file) {
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    try {
      if (b.getLong(0) != PerfDataWriter.MAGIC) {
        return List.of();
      }
      long featureIndex = b.getLong(40) + b.getLong(48);
      long features = b.getLong(72 + (PerfDataWriter.FEAT_CMDLINE / 64) * 8);
      if ((features & (1L << PerfDataWriter.FEAT_CMDLINE)) == 0) {
        return List.of();
      }
      // the index lists the set feature bits in order: count those before CMDLINE
      int before = 0;
      for (int bit = 0; bit < PerfDataWriter.FEAT_CMDLINE; bit++) {
        before += (b.getLong(72 + (bit / 64) * 8) >>> (bit % 64)) & 1;
      }
      int at = (int) b.getLong((int) featureIndex + 16 * before);
      int words = b.getInt(at);
      List<String> out = new ArrayList<>();
      at += 4;
      for (int i = 0; i < words; i++) {
        int length = b.getInt(at);
        int end = at + 4;
        while (end < at + 4 + length && file[end] != 0) {
          end++;
        }
        out.add(new String(file, at + 4, end - at - 4, StandardCharsets.UTF_8));
        at += 4 + length;
      }
      return out;
    } catch (IndexOutOfBoundsException truncated) {
      return List.of();
    }
  }

  /** perfsim's note on how many samples the file holds ({@link PerfDataNote}), without its brackets. */
  public static Optional<String> note(byte[] file) {
    List<String> words = cmdline(file);
    return words.isEmpty() || !words.get(words.size() - 1).startsWith("[perfsim: ") ? Optional.empty()
        : Optional.of(words.get(words.size() - 1).replaceAll("^\\[perfsim: |]$", ""));
  }
}
