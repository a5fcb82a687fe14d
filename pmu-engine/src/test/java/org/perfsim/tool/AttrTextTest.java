package org.perfsim.tool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.perfsim.abi.AttrCodec;
import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.PerfEventAttr;
import org.perfsim.events.PerfGeneration;

/** The three pasted forms of an attr read back as the bytes the kernel would receive; bad text names its line. */
class AttrTextTest {
  private static PerfEventAttr perfsim(String event, PerfGeneration perf) {
    return AttrBuilder.build(PerfCommandParser.parse(List.of("perf", "record", "-e", event, "--", "true"), perf)
        .orElseThrow()).get(0).attr();
  }

  @ParameterizedTest(name = "{0} (perf {1})")
  @CsvSource({"cycles:pp, 3.6", "cycles:P, 6.1", "instructions:u, modern", "L1-dcache-load-misses, 6.1"})
  void perfsimsOwnPrinterAndHexReadBackAsItsBytes(String event, String perf) {
    PerfEventAttr attr = perfsim(event, PerfGeneration.byId(perf).orElseThrow());
    byte[] bytes = AttrCodec.encode(attr);

    assertArrayEquals(bytes, AttrText.parse("noise before\n" + AttrPrinter.verbose(attr) + "more\n").bytes());
    assertArrayEquals(bytes, AttrText.parse(AttrCodec.hex(bytes)).bytes());
    assertArrayEquals(bytes, AttrText.parse(spaced(AttrCodec.hex(bytes))).bytes());
  }

  private static String spaced(String hex) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < hex.length(); i += 2) {
      b.append("0x").append(hex, i, i + 2).append(i % 32 == 30 ? ",\n" : ", ");
    }
    return b.toString();
  }

  @Test
  void anStraceLineAsStrace61PrintsIt() {
    String line = "23271 perf_event_open({type=PERF_TYPE_HARDWARE, size=PERF_ATTR_SIZE_VER7, "
        + "config=PERF_COUNT_HW_CPU_CYCLES, sample_freq=4000, sample_type=PERF_SAMPLE_IP|PERF_SAMPLE_TID|"
        + "PERF_SAMPLE_TIME|PERF_SAMPLE_PERIOD, read_format=PERF_FORMAT_ID|PERF_FORMAT_LOST, disabled=1, inherit=1, "
        + "mmap=1, comm=1, freq=1, enable_on_exec=1, task=1, precise_ip=3 /* must have 0 skid */, sample_id_all=1, "
        + "mmap2=1, comm_exec=1, ksymbol=1, bpf_event=1, ...}, 23129, 0, -1, PERF_FLAG_FD_CLOEXEC) = -1 ENOENT";
    AttrText.Parsed parsed = AttrText.parse(line);

    assertEquals(AttrText.Form.STRACE, parsed.form());
    assertEquals(128, parsed.bytes().length);
    assertEquals(3, parsed.attr().preciseIp());
    assertEquals(4000, parsed.attr().samplePeriodOrFreq());
    assertEquals(false, parsed.attr().has(AttrFlag.EXCLUDE_GUEST));
    assertEquals(List.of("strace abbreviated the struct ('...'): the fields it left out read as 0 (strace -v "
        + "prints all)"), parsed.notes());
    assertEquals(0x0000000300010002L, AttrText.parse("perf_event_open({type=PERF_TYPE_HW_CACHE, size=0x88 /* "
        + "PERF_ATTR_SIZE_??? */, config=PERF_COUNT_HW_CACHE_LL|PERF_COUNT_HW_CACHE_OP_READ<<8|"
        + "PERF_COUNT_HW_CACHE_RESULT_MISS<<16|0x3<<32}, -1, 0, -1, 0) = 3").attr().config());
  }

  @Test
  void badTextNamesTheLineAndTheField() {
    AttrText.Error unknown = assertThrows(AttrText.Error.class,
        () -> AttrText.parse("x\nperf_event_attr:\n  size   128\n  exclude_guestt   1\n"));
    assertEquals(4, unknown.line());
    assertEquals("line 4: unknown field 'exclude_guestt'", unknown.getMessage());

    assertEquals("line 3: precise_ip: 4 is outside 0..3", assertThrows(AttrText.Error.class,
        () -> AttrText.parse("perf_event_attr:\n  size 128\n  precise_ip 4\n")).getMessage());
    assertEquals("line 1: sample_type: unknown name 'PERF_SAMPLE_IPP'", assertThrows(AttrText.Error.class,
        () -> AttrText.parse("perf_event_open({type=0, sample_type=PERF_SAMPLE_IPP}, -1, 0, -1, 0)")).getMessage());
    assertEquals("hex bytes: an odd number of digits (3)",
        assertThrows(AttrText.Error.class, () -> AttrText.parse("abc")).getMessage());
    assertEquals("not hex bytes, a 'perf_event_attr:' block or an strace perf_event_open line: 'g' at hex digit 1",
        assertThrows(AttrText.Error.class, () -> AttrText.parse("garbage")).getMessage());
    assertEquals((AttrText.MAX_CHARS + 1) + " characters, more than " + AttrText.MAX_CHARS,
        assertThrows(AttrText.Error.class, () -> AttrText.parse("0".repeat(AttrText.MAX_CHARS + 1))).getMessage());
  }
}
