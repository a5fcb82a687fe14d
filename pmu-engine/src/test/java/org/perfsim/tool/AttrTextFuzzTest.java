package org.perfsim.tool;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.perfsim.abi.AttrCodec;
import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.PerfEventAttr;
import org.perfsim.fuzz.Mutations;

/**
 * {@code attr --from} text (hex, perf's -vv block, an strace line) near valid and not: an attr or an
 * {@link AttrText.Error} naming the line (within the text) and what is wrong; nothing else escapes.
 */
class AttrTextFuzzTest {
  private static final String VERBOSE = AttrPrinter.verbose(PerfEventAttr.zero().withSize(AttrCodec.KNOWN_SIZE)
      .withPreciseIp(2).with(AttrFlag.EXCLUDE_GUEST, true).with(AttrFlag.DISABLED, true));
  private static final String STRACE = "23271 perf_event_open({type=PERF_TYPE_HARDWARE, size=PERF_ATTR_SIZE_VER7, "
      + "config=PERF_COUNT_HW_CPU_CYCLES, sample_freq=4000, sample_type=PERF_SAMPLE_IP|PERF_SAMPLE_TID|"
      + "PERF_SAMPLE_TIME|PERF_SAMPLE_PERIOD, read_format=PERF_FORMAT_ID|PERF_FORMAT_LOST, disabled=1, inherit=1, "
      + "freq=1, precise_ip=3 /* must have 0 skid */, sample_id_all=1, ...}, 23129, 0, -1, PERF_FLAG_FD_CLOEXEC) = 3";
  private static final String STRACE_CACHE = "perf_event_open({type=PERF_TYPE_HW_CACHE, size=0x88 /* "
      + "PERF_ATTR_SIZE_??? */, config=PERF_COUNT_HW_CACHE_LL|PERF_COUNT_HW_CACHE_OP_READ<<8|"
      + "PERF_COUNT_HW_CACHE_RESULT_MISS<<16|0x3<<32}, -1, 0, -1, 0) = 3";
  private static final String HEX = AttrCodec.hex(AttrCodec.encode(PerfEventAttr.zero().withSize(64)));

  @Property(tries = 1000)
  void nearValidTextIsReadOrRefusedNamingTheLine(@ForAll("nearValid") String text) {
    readOrRefuse(text);
  }

  @Property(tries = 300)
  void arbitraryTextIsReadOrRefusedNamingTheLine(@ForAll String text) {
    readOrRefuse(text);
  }

  private static void readOrRefuse(String text) {
    try {
      AttrText.Parsed parsed = AttrText.parse(text);
      assertTrue(parsed.bytes().length >= 8, "an attr holds type and size");
      assertNotNull(parsed.attr());
    } catch (AttrText.Error refused) {
      assertFalse(refused.getMessage().isBlank());
      assertTrue(refused.line() >= 0 && refused.line() <= text.split("\n", -1).length,
          () -> "line " + refused.line() + " of " + text);
    }
  }

  @Provide
  Arbitrary<String> nearValid() {
    return Mutations.of(List.of(VERBOSE, STRACE, STRACE_CACHE, HEX, "0x" + HEX, "perf_event_attr:\n  size 128\n"),
        List.of("precise_ip", "exclude_guest", "  size ", "  type ", "sample_type", "PERF_SAMPLE_IP", "|", "<<",
            "0x", "=", ", ", "{", "}", "...", "/*", "*/", "perf_event_open(", "perf_event_attr:", "4294967296",
            "18446744073709551616", "-1", "  config ", "0xffffffffffffffff", "PERF_ATTR_SIZE_VER", "\\x"), 4);
  }
}
