package org.perfsim.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-checks AttrCodec against the C compiler's layout of the installed kernel header
 * (linux/perf_event.h, VER7 here): random attrs are filled in C field by field, bitfields by name, and
 * the bytes must equal perfsim's encoding.
 */
class AttrLayoutMatchesKernelHeaderTest {
  private static final Path HEADER = Path.of("/usr/include/linux/perf_event.h");
  private static final int HEADER_SIZE = AttrSize.VER7.bytes();

  @TempDir Path work;

  @Test
  void everyFieldAndFlagBitLandsWhereTheKernelHeaderPutsIt() throws Exception {
    Path gcc = Path.of("/usr/bin/gcc");
    if (!Files.isExecutable(gcc) || !Files.exists(HEADER)) {
      System.err.println("*** SKIPPED: attr layout cross-check needs gcc and " + HEADER + " ***");
      assumeTrue(false, "gcc or kernel header missing");
    }
    Path source = work.resolve("attr_from_fields.c");
    try (InputStream in = getClass().getResourceAsStream("/abi/attr_from_fields.c")) {
      Files.copy(in, source);
    }
    Path binary = work.resolve("attr_from_fields");
    Process cc = new ProcessBuilder(gcc.toString(), "-O0", "-o", binary.toString(), source.toString())
        .redirectErrorStream(true).start();
    String ccOut = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, cc.waitFor(), "gcc failed: " + ccOut);

    SplittableRandom random = new SplittableRandom(20121015L);
    List<PerfEventAttr> attrs = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      attrs.add(randomHeaderAttr(random));
    }
    Process c = new ProcessBuilder(binary.toString()).start();
    try (Writer w = new OutputStreamWriter(c.getOutputStream(), StandardCharsets.US_ASCII)) {
      for (PerfEventAttr a : attrs) {
        w.write(fieldLine(a));
      }
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.US_ASCII))) {
      for (PerfEventAttr a : attrs) {
        String expected = r.readLine();
        assertEquals(expected, AttrCodec.hex(AttrCodec.encode(a, HEADER_SIZE)), "attr " + a);
      }
    }
    c.waitFor(10, TimeUnit.SECONDS);
  }

  /** Every field the VER7 header has, random; reserved fields zero, flags only through sigtrap. */
  static PerfEventAttr randomHeaderAttr(SplittableRandom r) {
    return PerfEventAttr.builder()
        .type(r.nextInt()).size(HEADER_SIZE).config(r.nextLong()).samplePeriodOrFreq(r.nextLong())
        .sampleType(r.nextLong()).readFormat(r.nextLong())
        .flags(r.nextLong() & AttrFlag.maskThrough(AttrFlag.SIGTRAP))
        .wakeupEventsOrWatermark(r.nextInt()).bpType(r.nextInt()).config1(r.nextLong()).config2(r.nextLong())
        .branchSampleType(r.nextLong()).sampleRegsUser(r.nextLong()).sampleStackUser(r.nextInt())
        .clockid(r.nextInt()).sampleRegsIntr(r.nextLong()).auxWatermark(r.nextInt())
        .sampleMaxStack((short) r.nextInt()).auxSampleSize(r.nextInt()).sigData(r.nextLong())
        .build();
  }

  private static String fieldLine(PerfEventAttr a) {
    long[] v = {
      Integer.toUnsignedLong(a.type()), Integer.toUnsignedLong(a.size()), a.config(), a.samplePeriodOrFreq(),
      a.sampleType(), a.readFormat(), a.flags(), Integer.toUnsignedLong(a.wakeupEventsOrWatermark()),
      Integer.toUnsignedLong(a.bpType()), a.config1(), a.config2(), a.branchSampleType(), a.sampleRegsUser(),
      Integer.toUnsignedLong(a.sampleStackUser()), Integer.toUnsignedLong(a.clockid()), a.sampleRegsIntr(),
      Integer.toUnsignedLong(a.auxWatermark()), Short.toUnsignedLong(a.sampleMaxStack()),
      Integer.toUnsignedLong(a.auxSampleSize()), a.sigData()
    };
    StringBuilder sb = new StringBuilder();
    for (long x : v) {
      sb.append(Long.toUnsignedString(x)).append(' ');
    }
    return sb.append('\n').toString();
  }
}
