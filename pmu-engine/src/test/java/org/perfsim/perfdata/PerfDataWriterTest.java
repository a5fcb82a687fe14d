package org.perfsim.perfdata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.perfsim.abi.AttrCodec;
import org.perfsim.abi.PerfEventAttr;
import org.perfsim.abi.SampleType;
import org.perfsim.cpu.CpuModel;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.KernelPolicy;
import org.perfsim.session.Host;
import org.perfsim.session.HostSpec;
import org.perfsim.session.SessionResult;

/** The file's layout as tools/perf/util/header.c reads it, and recording samples changes no session result. */
class PerfDataWriterTest {

  private static HostSpec host(String kernel) {
    return HostSpec.of("h", CpuModel.IVYBRIDGE, KernelPolicy.byId(kernel).orElseThrow(), PerfGeneration.V6_1, 2, 2,
        0.6);
  }

  private static List<String> record(String event) {
    return List.of("perf", "record", "-e", event, "-a", "--", "sleep", "0.1");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({"3.8, cycles:P", "modern, cycles:k", "3.6, cycles:u", "modern, instructions:pp"})
  void recordingSamplesChangesNoSessionResult(String kernel, String event) {
    HostSpec spec = host(kernel);
    SessionResult plain = new Host(spec, 50_000_000L).run(record(event), Optional.empty(), 3, spec.bootGuests());
    Host.Finished recorded = new Host(spec, 50_000_000L).runWithPerfData(record(event), Optional.empty(), 3,
        spec.bootGuests(), 10);

    assertEquals(plain, recorded.result());
    assertTrue(recorded.perfData().isPresent());
  }

  @Test
  void aSessionNotAskedForAFileHasNone() {
    HostSpec spec = host("modern");
    Host host = new Host(spec, 50_000_000L);
    host.start(record("cycles"), Optional.empty(), 3);
    while (!host.sessionDone()) {
      host.step();
    }
    assertEquals(Optional.empty(), host.finishWithPerfData().perfData());
  }

  @Test
  void headerAttrsAndIdsAreWherePerfLooksForThem() {
    HostSpec spec = host("3.8");
    Host.Finished finished = new Host(spec, 50_000_000L).runWithPerfData(record("cycles:k"), Optional.empty(), 3,
        spec.bootGuests(), 1000);
    ByteBuffer b = ByteBuffer.wrap(finished.perfData().orElseThrow().bytes()).order(ByteOrder.LITTLE_ENDIAN);

    assertEquals("PERFILE2", new String(Arrays.copyOf(b.array(), 8), StandardCharsets.US_ASCII));
    assertEquals(104, b.getLong(8), "sizeof(struct perf_file_header)");
    long attrEntry = b.getLong(16);
    long attrsOffset = b.getLong(24);
    long attrsSize = b.getLong(32);
    long dataOffset = b.getLong(40);
    long dataSize = b.getLong(48);
    assertEquals(1, attrsSize / attrEntry, "one event");
    int attrSize = b.getInt((int) attrsOffset + 4);
    assertEquals(attrEntry, attrSize + 16, "attr_size: the attr and its ids section");
    PerfEventAttr attr = AttrCodec.decode(Arrays.copyOfRange(b.array(), (int) attrsOffset,
        (int) attrsOffset + attrSize), attrSize);
    assertEquals("cycles:k", finished.result().eventName());
    assertArrayEquals(AttrCodec.encode(attr), Arrays.copyOfRange(b.array(), (int) attrsOffset,
        (int) attrsOffset + attrSize), "the attr's own bytes");
    long idsOffset = b.getLong((int) attrsOffset + attrSize);
    long idsSize = b.getLong((int) attrsOffset + attrSize + 8);
    assertEquals(2 * 8, idsSize, "one id per CPU");
    assertEquals(List.of(1L, 2L), List.of(b.getLong((int) idsOffset), b.getLong((int) idsOffset + 8)));
    assertTrue((attr.sampleType() & SampleType.ID.mask()) != 0, "a CPU-wide 6.1 record samples ID");
    // the feature index follows the data section: one entry per feature bit
    long features = 0;
    for (int w = 0; w < 4; w++) {
      features += Long.bitCount(b.getLong(72 + 8 * w));
    }
    long firstFeature = b.getLong((int) (dataOffset + dataSize));
    assertEquals(dataOffset + dataSize + 16 * features, firstFeature);
    assertEquals(b.capacity(), b.getLong((int) (dataOffset + dataSize + 16 * (features - 1)))
        + b.getLong((int) (dataOffset + dataSize + 16 * (features - 1) + 8)), "the last feature ends the file");
  }

  @Test
  void aBoundedRecorderKeepsTheFirstSamplesOfEachCpuAndCountsAll() {
    SampleRecorder recorder = new SampleRecorder(2, 1, 3);
    recorder.samples(0, SampleRecorder.HOST, false, true, 0, 1000, 5);
    recorder.samples(1, 0, true, false, 500, 501, 1);

    assertEquals(3, recorder.kept(0));
    assertEquals(1, recorder.kept(1));
    assertEquals(6, recorder.total());
    assertEquals(5, recorder.total(SampleRecorder.HOST, false));
    assertEquals(1, recorder.total(0, true));
    assertTrue(recorder.bounded());
    assertEquals(List.of(100L, 300L, 500L), List.of(recorder.time(0, 0), recorder.time(0, 1), recorder.time(0, 2)),
        "five samples over 1000 ns: one in the middle of every 200 ns");
    assertEquals("[perfsim: first 3 samples per CPU of 6 written; host user 0, host kernel 5, guest user 1, "
        + "guest kernel 0]", PerfDataNote.of(recorder));
  }
}
