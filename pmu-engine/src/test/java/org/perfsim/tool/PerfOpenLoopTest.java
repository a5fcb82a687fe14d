package org.perfsim.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.perfsim.abi.AttrCodec;
import org.perfsim.abi.AttrFlag;
import org.perfsim.abi.Errno;
import org.perfsim.abi.PerfEventAttr;
import org.perfsim.events.PerfGeneration;
import org.perfsim.kernel.KernelEvent;
import org.perfsim.kernel.OpenResult;
import org.perfsim.kernel.PerfEventOpenSyscall;

/** The open loop's fallbacks, against small fake kernels that refuse by one rule each. */
class PerfOpenLoopTest {

  /** A fake kernel that fails every open {@code refuse} matches with {@code errno}. */
  static PerfEventOpenSyscall refusing(java.util.function.Predicate<PerfEventAttr> refuse, Errno errno) {
    return (bytes, pid, cpu, groupFd, flags) -> {
      PerfEventAttr a = AttrCodec.decode(bytes, bytes.length);
      return refuse.test(a) ? new OpenResult.Failed(errno, 0, "fake")
          : new OpenResult.Opened(3, a, new KernelEvent(cpu, pid, true, !a.has(AttrFlag.EXCLUDE_GUEST),
              a.preciseIp(), a.preciseIp() > 0, false, ""));
    };
  }

  private static ConfiguredEvent event(String name, int precise, boolean preciseMax, boolean gh) {
    PerfEventAttr attr = PerfEventAttr.builder().size(136).preciseIp(precise).samplePeriodOrFreq(4000)
        .flag(AttrFlag.FREQ, true).flag(AttrFlag.MMAP2, true).flag(AttrFlag.KSYMBOL, true).build();
    return new ConfiguredEvent(0, name, attr, 0, preciseMax, gh, ConfiguredEvent.Role.USER_EVENT);
  }

  @Test
  void modernPerfRetriesCyclesPpWithExcludeGuestAndRenamesIt() {
    PerfEventOpenSyscall requireExcludeGuest = refusing(a -> a.preciseIp() > 0 && !a.has(AttrFlag.EXCLUDE_GUEST),
        Errno.EOPNOTSUPP);
    PerfOpenLoop.Result r = PerfOpenLoop.open(event("cycles:pp", 2, false, false), PerfGeneration.MODERN,
        requireExcludeGuest, List.of(0, 1), -1);
    assertTrue(r.succeeded());
    assertEquals("cycles:ppH", r.event().name());
    assertEquals(List.of("Trying to fall back to excluding guest samples"), r.messages());
    assertEquals(2, r.opened().size());
  }

  @Test
  void perf61HasNoExcludeGuestFallbackAndPrintsPerfsError() {
    PerfOpenLoop.Result r = PerfOpenLoop.open(event("cycles:pp", 2, false, false), PerfGeneration.V6_1,
        refusing(a -> a.preciseIp() > 0 && !a.has(AttrFlag.EXCLUDE_GUEST), Errno.EOPNOTSUPP), List.of(0), -1);
    assertFalse(r.succeeded());
    assertEquals("Error:\ncycles:pp: PMU Hardware doesn't support sampling/overflow-interrupts. Try 'perf stat'",
        r.errorText());
  }

  @Test
  void preciseMaxWalksDownOneLevelPerEopnotsupp() {
    PerfOpenLoop.Result r = PerfOpenLoop.open(event("cycles:P", 3, true, false), PerfGeneration.V6_1,
        refusing(a -> a.preciseIp() > 1, Errno.EOPNOTSUPP), List.of(0), -1);
    assertTrue(r.succeeded());
    assertEquals(1, r.preciseUsed());
    assertEquals(3, r.attempts());
  }

  @Test
  void ppIsNeverLoweredSoPppOnAMaxTwoCpuFails() {
    PerfOpenLoop.Result r = PerfOpenLoop.open(event("cycles:ppp", 3, false, true), PerfGeneration.MODERN,
        refusing(a -> a.preciseIp() > 2, Errno.EOPNOTSUPP), List.of(0), -1);
    assertEquals(Errno.EOPNOTSUPP, r.errno().orElseThrow());
  }

  @Test
  void featuresAnOldKernelRejectsAreSwitchedOffNewestFirst() {
    PerfOpenLoop.Result r = PerfOpenLoop.open(event("cycles", 0, false, false), PerfGeneration.V6_1,
        refusing(a -> a.has(AttrFlag.MMAP2) || a.has(AttrFlag.KSYMBOL), Errno.EINVAL), List.of(0), -1);
    assertTrue(r.succeeded());
    assertEquals(List.of("switching off ksymbol", "switching off mmap2"), r.messages());
  }

  @Test
  void the2012BinariesHaveNoFallbacks() {
    PerfOpenLoop.Result r = PerfOpenLoop.open(event("cycles", 0, false, false), PerfGeneration.V3_6,
        refusing(a -> a.has(AttrFlag.MMAP2), Errno.EINVAL), List.of(0), -1);
    assertEquals(Errno.EINVAL, r.errno().orElseThrow());
    assertEquals(1, r.attempts());
  }
}
