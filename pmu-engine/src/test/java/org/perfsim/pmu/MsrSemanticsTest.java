package org.perfsim.pmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.perfsim.cpu.CpuModel;

/** rdmsr/wrmsr as the hardware answers them: held values, truncation, sign extension and #GP. */
class MsrSemanticsTest {

  private static EmulatedPmu pmu(String model) {
    return new EmulatedPmu(CpuModel.byId(model).orElseThrow(), HostKernel.HOST, PmuOptions.hardwareOnly(3000));
  }

  private static int msr(String name) {
    return switch (name) {
      case "PMC0" -> Msr.pmc(0);
      case "PMC3" -> Msr.pmc(3);
      case "PMC4" -> Msr.pmc(4);
      case "PMC7" -> Msr.pmc(7);
      case "EVTSEL0" -> Msr.perfEvtSel(0);
      case "FIXED_CTR0" -> Msr.fixedCtr(0);
      case "FIXED_CTR3" -> Msr.fixedCtr(3);
      case "FIXED_CTR_CTRL" -> Msr.IA32_FIXED_CTR_CTRL;
      case "GLOBAL_CTRL" -> Msr.IA32_PERF_GLOBAL_CTRL;
      case "GLOBAL_STATUS" -> Msr.IA32_PERF_GLOBAL_STATUS;
      case "PEBS_ENABLE" -> Msr.IA32_PEBS_ENABLE;
      case "DS_AREA" -> Msr.IA32_DS_AREA;
      case "PERF_CAPABILITIES" -> Msr.IA32_PERF_CAPABILITIES;
      case "PEBS_DATA_CFG" -> Msr.MSR_PEBS_DATA_CFG;
      default -> Integer.decode(name);
    };
  }

  @ParameterizedTest(name = "{0}: wrmsr {1} = {2} holds {3}")
  @CsvSource({
      // legacy PMC writes: bits 31:0, bit 31 sign-extended over the counter width
      "ivybridge, PMC0,       0x80000000,         0xffff80000000",
      "ivybridge, PMC0,       0x7fffffff,         0x7fffffff",
      "ivybridge, PMC0,       0x100000001,        0x1",
      "ivybridge, PMC0,       0xfffffffffffffc18, 0xfffffffffc18",
      "core2,     PMC0,       0x80000000,         0xff80000000",
      "arm64,     PMC0,       0xfffffffffffffc18, 0xfffffc18",
      // fixed counters take the full width; bits above it are dropped
      "ivybridge, FIXED_CTR0, 0x123456789abc,     0x123456789abc",
      "ivybridge, FIXED_CTR0, 0xffffffffffffffff, 0xffffffffffff",
      "icelake,   FIXED_CTR3, 0x5,                0x5",
      // event selects: the low 32 bits everywhere, TSX bits from Haswell, Adaptive_Record on Ice Lake
      "nehalem,   EVTSEL0,    0x108000c0,         0x108000c0",
      "haswell,   EVTSEL0,    0x300000000,        0x300000000",
      "icelake,   EVTSEL0,    0x400000000,        0x400000000",
      "ivybridge, FIXED_CTR_CTRL, 0xbbb,          0xbbb",
      "icelake,   FIXED_CTR_CTRL, 0x100000000,    0x100000000",
      "ivybridge, GLOBAL_CTRL, 0x70000000f,       0x70000000f",
      "amd-zen,   GLOBAL_CTRL, 0x3f,              0x3f",
      "core2,     PEBS_ENABLE, 0x1,               0x1",
      "ivybridge, PEBS_ENABLE, 0xf,               0xf",
      "icelake,   PEBS_ENABLE, 0xf000000ff,       0xf000000ff",
      "ivybridge, DS_AREA,    0xffff880012345000, 0xffff880012345000",
      "icelake,   PEBS_DATA_CFG, 0x1f00000f,      0x1f00000f",
  })
  void writesHoldWhatTheHardwareKeeps(String model, String register, String value, String held) {
    MsrResult result = pmu(model).wrmsr(msr(register), Long.parseUnsignedLong(value.substring(2), 16));
    assertEquals(Long.parseUnsignedLong(held.substring(2), 16),
        assertInstanceOf(MsrResult.Value.class, result).value());
  }

  @ParameterizedTest(name = "{0}: wrmsr {1} = {2} is #GP")
  @CsvSource({
      "ivybridge, PMC4,          0x0",
      "nehalem,   EVTSEL0,       0x100000000",
      "skylake,   EVTSEL0,       0x400000000",
      "ivybridge, FIXED_CTR3,    0x0",
      "ivybridge, FIXED_CTR_CTRL, 0x1000",
      "skylake,   FIXED_CTR_CTRL, 0x100000000",
      "amd-zen,   FIXED_CTR_CTRL, 0x0",
      "ivybridge, GLOBAL_CTRL,   0x10",
      "ivybridge, GLOBAL_CTRL,   0x800000000",
      "ivybridge, GLOBAL_STATUS, 0x0",
      "core2,     PEBS_ENABLE,   0x2",
      "skylake,   PEBS_ENABLE,   0x100000000",
      "amd-zen,   PEBS_ENABLE,   0x0",
      "arm64,     PEBS_ENABLE,   0x0",
      "amd-zen,   DS_AREA,       0x0",
      "ivybridge, DS_AREA,       0x800000000000",
      "ivybridge, PERF_CAPABILITIES, 0x0",
      "skylake,   PEBS_DATA_CFG, 0x1",
      "icelake,   PEBS_DATA_CFG, 0x20",
      "ivybridge, 0x123,         0x0",
  })
  void writesTheHardwareRefusesAreGeneralProtectionFaults(String model, String register, String value) {
    EmulatedPmu pmu = pmu(model);
    int address = msr(register);
    MsrResult before = pmu.rdmsr(address);
    MsrResult.GeneralProtection gp = assertInstanceOf(MsrResult.GeneralProtection.class,
        pmu.wrmsr(address, Long.parseUnsignedLong(value.substring(2), 16)));
    assertEquals(address, gp.msr());
    assertEquals(before, pmu.rdmsr(address), "a faulting write changes nothing");
  }

  @ParameterizedTest(name = "{0}: PERF_CAPABILITIES reports PEBS format {1}")
  @CsvSource({"core2, 0", "nehalem, 1", "ivybridge, 1", "haswell, 2", "skylake, 3", "icelake, 4"})
  void perfCapabilitiesReportThePebsFormatInBits8To11(String model, int format) {
    long caps = assertInstanceOf(MsrResult.Value.class, pmu(model).rdmsr(Msr.IA32_PERF_CAPABILITIES)).value();
    assertEquals(format, (caps >>> 8) & 0xf);
    assertEquals(format == 4, (caps & Msr.PERF_CAP_PEBS_BASELINE) != 0, "adaptive PEBS baseline bit");
  }

  @ParameterizedTest(name = "{0} has no PEBS MSRs")
  @CsvSource({"amd-zen", "arm64"})
  void modelsWithoutPebsHaveNoPebsOrDsMsrs(String model) {
    EmulatedPmu pmu = pmu(model);
    for (int address : new int[] {Msr.IA32_PEBS_ENABLE, Msr.IA32_DS_AREA, Msr.IA32_PERF_CAPABILITIES,
        Msr.MSR_PEBS_DATA_CFG}) {
      assertInstanceOf(MsrResult.GeneralProtection.class, pmu.rdmsr(address), Msr.name(address));
    }
    assertTrue(pmu.rdmsr(Msr.pmc(0)).ok(), "its counters remain");
  }

  @Test
  void overflowControlClearsStatusBitsAndReadsAsZero() {
    HostKernel kernel = HostKernel.hardwareOnly(CpuModel.IVYBRIDGE)
        .counter(0, EventSelect.counting(0x3c, 0, true, true).encode(), 10, false);
    kernel.pmu.runSlice(100, 50, HostKernel.state(), 0, 100, PmuSink.NONE);
    assertEquals(1, kernel.read(Msr.IA32_PERF_GLOBAL_STATUS));
    kernel.write(Msr.IA32_PERF_GLOBAL_OVF_CTRL, 1);
    assertEquals(0, kernel.read(Msr.IA32_PERF_GLOBAL_STATUS));
    assertEquals(0, kernel.read(Msr.IA32_PERF_GLOBAL_OVF_CTRL));
  }

  @ParameterizedTest(name = "EVTSEL bit {1} is {0}")
  @CsvSource({"usr, 16", "os, 17", "edge, 18", "pinControl, 19", "interrupt, 20", "anyThread, 21",
      "enabled, 22", "invert, 23", "adaptiveRecord, 34"})
  void eventSelectFlagsSitAtTheirArchitecturalBits(String field, int bit) {
    EventSelect decoded = EventSelect.decode(1L << bit);
    boolean set = switch (field) {
      case "usr" -> decoded.usr();
      case "os" -> decoded.os();
      case "edge" -> decoded.edge();
      case "pinControl" -> decoded.pinControl();
      case "interrupt" -> decoded.interrupt();
      case "anyThread" -> decoded.anyThread();
      case "enabled" -> decoded.enabled();
      case "invert" -> decoded.invert();
      default -> decoded.adaptiveRecord();
    };
    assertTrue(set);
    assertEquals(1L << bit, decoded.encode());
  }

  @Test
  void eventSelectFieldsRoundTrip() {
    EventSelect sel = EventSelect.decode(HostKernel.preciseCycles());
    assertEquals(0xc0, sel.eventCode());
    assertEquals(0, sel.unitMask());
    assertEquals(16, sel.counterMask());
    assertTrue(sel.invert() && sel.enabled() && sel.usr() && sel.os());
    assertEquals(HostKernel.preciseCycles(), sel.encode());
    assertEquals(EventSelect.CountedEvent.CYCLES, sel.countedEvent(), "the cycles:p alias counts cycles");
    assertEquals(0xab12, EventSelect.decode(0xab12).unitMask() << 8 | EventSelect.decode(0xab12).eventCode());
  }

  @ParameterizedTest
  @EnumSource(CpuModel.class)
  void everyModelCountsThroughTheArchitecturalCounterMsrs(CpuModel model) {
    EmulatedPmu pmu = new EmulatedPmu(model, HostKernel.HOST, PmuOptions.hardwareOnly(3000));
    assertTrue(pmu.wrmsr(Msr.pmc(model.generalCounters() - 1), 5).ok());
    assertInstanceOf(MsrResult.GeneralProtection.class, pmu.wrmsr(Msr.pmc(model.generalCounters()), 5));
  }
}
