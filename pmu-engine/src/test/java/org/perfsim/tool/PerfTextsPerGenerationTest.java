package org.perfsim.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.Errno;
import org.perfsim.abi.PerfEventAttr;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.PerfEventOpenSyscall;

/** What each perf generation prints, word for word, where the generations differ. */
class PerfTextsPerGenerationTest {

  private static CommandLineError rejected(PerfGeneration generation, String events) {
    CommandLineResult r = PerfCommandParser.parse(List.of("perf", "record", "-e", events, "--", "true"),
        generation);
    assertTrue(r instanceof CommandLineResult.Rejected, () -> "accepted: " + events);
    return ((CommandLineResult.Rejected) r).error();
  }

  @ParameterizedTest
  @EnumSource(value = PerfGeneration.class, names = {"V3_6", "V3_7"})
  void perf2012NamesTheWholeRejectedArgumentWithoutACaret(PerfGeneration generation) {
    CommandLineError error = rejected(generation, "cycles,cycles:P");

    assertEquals("invalid or unsupported event: 'cycles,cycles:P'\n"
        + "Run 'perf list' for a list of valid events", error.text());
    assertEquals(CommandLineError.USAGE_STATUS, error.exitStatus());
  }

  @Test
  void perf61KeepsItsCaretReport() {
    CommandLineError error = rejected(PerfGeneration.V6_1, "cycles:pppp");

    assertTrue(error.text().startsWith("event syntax error: 'cycles:pppp'\n"), error.text());
    assertTrue(error.text().endsWith("\\___ Bad modifier\nRun 'perf list' for a list of valid events"),
        error.text());
  }

  private static ConfiguredEvent recordEvent(String name, int type, int precise, boolean preciseMax) {
    return recordEvent(name, type, precise, preciseMax, false);
  }

  private static ConfiguredEvent recordEvent(String name, int type, int precise, boolean preciseMax,
      boolean explicitGuestOrHost) {
    PerfEventAttr attr = PerfEventAttr.builder().type(type).size(136).preciseIp(precise)
        .samplePeriodOrFreq(4000).flag(AttrFlag.FREQ, true).build();
    return new ConfiguredEvent(0, name, attr, 0, preciseMax, explicitGuestOrHost,
        ConfiguredEvent.Role.USER_EVENT);
  }

  private static final PerfEventOpenSyscall REQUIRE_EXCLUDE_GUEST =
      PerfOpenLoopTest.refusing(a -> a.preciseIp() > 0 && !a.has(AttrFlag.EXCLUDE_GUEST), Errno.EOPNOTSUPP);

  @Test
  void perf36OnEopnotsuppPrintsIts2012ErrorAndTheApicHint() {
    PerfOpenLoop.Result r = PerfOpenLoop.open(recordEvent("cycles:pp", PerfEventAttr.TYPE_HARDWARE, 2, false),
        PerfGeneration.V3_6, REQUIRE_EXCLUDE_GUEST, List.of(0), -1);

    assertEquals("  Error: sys_perf_event_open() syscall returned with 95 (Operation not supported).  "
        + "/bin/dmesg may provide additional information.\n\n"
        + "  Fatal: No hardware sampling interrupt available. No APIC? If so then you can boot the kernel"
        + " with the \"lapic\" boot parameter to force-enable it.", r.errorText());
  }

  @Test
  void perf36OnANonHardwareErrnoAsksForConfigPerfEvents() {
    PerfOpenLoop.Result r = PerfOpenLoop.open(recordEvent("r003c", PerfEventAttr.TYPE_RAW, 0, false),
        PerfGeneration.V3_6, PerfOpenLoopTest.refusing(a -> true, Errno.EINVAL), List.of(0), -1);

    assertTrue(r.errorText().endsWith("  Fatal: No CONFIG_PERF_EVENTS=y kernel support configured?"),
        r.errorText());
  }

  @Test
  void perf36OnEaccesPrintsItsParanoidAdvice() {
    PerfOpenLoop.Result r = PerfOpenLoop.open(recordEvent("cycles", PerfEventAttr.TYPE_HARDWARE, 0, false),
        PerfGeneration.V3_6, PerfOpenLoopTest.refusing(a -> true, Errno.EACCES), List.of(0), -1);

    assertTrue(r.errorText().startsWith("Error:\nPermission error - are you root?\n"), r.errorText());
  }

  @ParameterizedTest
  @EnumSource(value = PerfGeneration.class, names = {"V6_1", "MODERN"})
  void todaysPerfRecordOnEopnotsuppBlamesSampling(PerfGeneration generation) {
    // an explicit H: modern perf's exclude_guest fallback does not apply
    PerfOpenLoop.Result r = PerfOpenLoop.open(recordEvent("cycles:ppH", PerfEventAttr.TYPE_HARDWARE, 2, false, true),
        generation, PerfOpenLoopTest.refusing(a -> true, Errno.EOPNOTSUPP), List.of(0), -1);

    assertEquals("Error:\ncycles:ppH: PMU Hardware doesn't support sampling/overflow-interrupts. "
        + "Try 'perf stat'", r.errorText());
  }

  @Test
  void todaysPerfOnOtherErrnosPrintsTheGenericText() {
    PerfOpenLoop.Result r = PerfOpenLoop.open(recordEvent("cycles", PerfEventAttr.TYPE_HARDWARE, 0, false),
        PerfGeneration.V6_1, PerfOpenLoopTest.refusing(a -> true, Errno.EBUSY), List.of(0), -1);

    assertEquals("Error:\nThe sys_perf_event_open() syscall returned with 16 (Device or resource busy) "
        + "for event (cycles).\n/bin/dmesg | grep -i perf may provide additional information.", r.errorText());
  }

  @Test
  void decreasingPreciseIpPrintsTheValueItTriesNext() {
    PerfOpenLoop.Result r = PerfOpenLoop.open(recordEvent("cycles:P", PerfEventAttr.TYPE_HARDWARE, 3, true),
        PerfGeneration.V6_1, PerfOpenLoopTest.refusing(a -> a.preciseIp() > 1, Errno.EOPNOTSUPP), List.of(0), -1);

    assertEquals(List.of("decreasing precise_ip by one (2)", "decreasing precise_ip by one (1)"), r.messages());
    assertEquals(1, r.preciseUsed());
  }

  @Test
  void theExcludeGuestFallbackAppendsHWithoutAColonToAPmuEvent() {
    PerfOpenLoop.Result r = PerfOpenLoop.open(recordEvent("cpu/event=0x3c/pp", PerfEventAttr.TYPE_RAW, 2, false),
        PerfGeneration.MODERN, REQUIRE_EXCLUDE_GUEST, List.of(0), -1);

    assertTrue(r.succeeded());
    assertEquals("cpu/event=0x3c/ppH", r.event().name());
  }

  @Test
  void theExcludeGuestFallbackAddsAColonWhereTheNameHasNone() {
    assertEquals("cycles:H", PerfOpenLoop.withModifier("cycles", 'H'));
    assertEquals("cycles:ppH", PerfOpenLoop.withModifier("cycles:pp", 'H'));
    assertEquals("cpu/event=0x3c/H", PerfOpenLoop.withModifier("cpu/event=0x3c/", 'H'));
    assertFalse(PerfOpenLoop.withModifier("cpu/event=0x3c,umask=0x0/pp", 'H').contains(":"));
  }
}
