package org.perfsim.pmu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.perfsim.cpu.CpuModel;

/**
 * Records the assist writes, decoded with the field lists of the kernel's structs (arch/x86/events/intel/ds.c
 * and asm/perf_event.h), independent of the layout class under test.
 */
class PebsRecordLayoutTest {

  private static final List<String> CORE = List.of("flags", "ip", "ax", "bx", "cx", "dx", "si", "di", "bp",
      "sp", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15");
  private static final List<String> NHM = concat(CORE, List.of("status", "dla", "dse", "lat"));
  private static final List<String> HSW = concat(NHM, List.of("real_ip", "tsx_tuning"));
  private static final List<String> SKL = concat(HSW, List.of("tsc"));
  private static final List<String> BASIC = List.of("format_size", "ip", "applicable_counters", "tsc");
  private static final List<String> MEMINFO = List.of("address", "aux", "latency", "tsx_tuning");
  private static final List<String> GPRS = List.of("g.flags", "g.ip", "ax", "cx", "dx", "bx", "sp", "bp",
      "si", "di", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15");
  private static final long PERIOD = 1000;
  private static final long SLICE_NANOS = 1_000_000;

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static long field(byte[] record, List<String> fields, String name) {
    return ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN).getLong(8 * fields.indexOf(name));
  }

  /** One record from general counter 2 overflowing once, 1000 of 1500 cycles into a 1 ms slice. */
  private static byte[] oneRecord(CpuModel model, long evtsel, long dataCfg, int recordBytes) {
    HostKernel kernel = HostKernel.hardwareOnly(model).dsArea(recordBytes, 4, 4, 0);
    if (dataCfg != 0) {
      kernel.write(Msr.MSR_PEBS_DATA_CFG, dataCfg);
    }
    kernel.counter(2, evtsel, PERIOD, true);
    kernel.pmu.runSlice(1500, 1500, HostKernel.state(), 7_000_000, SLICE_NANOS, PmuSink.NONE);
    return kernel.pmu.hostBufferBytes();
  }

  /** The record's simulated time is 1000/1500 into the slice; TSC at 3000 MHz. */
  private static long expectedTsc() {
    return (7_000_000 + PERIOD * SLICE_NANOS / 1500) * 3000 / 1000;
  }

  @ParameterizedTest(name = "{0}: {1}-byte records")
  @CsvSource({"core2, 144", "nehalem, 176", "ivybridge, 176", "haswell, 192", "skylake, 200"})
  void fixedFormatRecordsHaveTheKernelStructsSizeAndFields(String id, int size) {
    CpuModel model = CpuModel.byId(id).orElseThrow();
    int counter = model == CpuModel.CORE2 ? 0 : 2;
    HostKernel kernel = HostKernel.hardwareOnly(model).dsArea(size, 4, 4, 0)
        .counter(counter, HostKernel.preciseCycles(), PERIOD, true);
    kernel.pmu.runSlice(1500, 1500, HostKernel.state(), 7_000_000, SLICE_NANOS, PmuSink.NONE);
    byte[] record = kernel.pmu.hostBufferBytes();
    List<String> fields = switch (size) {
      case 144 -> CORE;
      case 176 -> NHM;
      case 192 -> HSW;
      default -> SKL;
    };
    CpuState s = HostKernel.state();
    assertEquals(size, record.length);
    assertEquals(fields.size() * 8, size);
    assertEquals(s.rflags(), field(record, fields, "flags"));
    assertEquals(s.nextIp(), field(record, fields, "ip"), "trap-like: the next instruction");
    assertEquals(s.gpr(CpuState.Gpr.AX), field(record, fields, "ax"));
    assertEquals(s.gpr(CpuState.Gpr.SP), field(record, fields, "sp"));
    assertEquals(s.gpr(CpuState.Gpr.R15), field(record, fields, "r15"));
    if (fields.contains("status")) {
      assertEquals(1L << counter, field(record, fields, "status"));
    }
    if (fields.contains("real_ip")) {
      assertEquals(s.eventingIp(), field(record, fields, "real_ip"));
    }
    if (fields.contains("tsc")) {
      assertEquals(expectedTsc(), field(record, fields, "tsc"));
    }
  }

  @ParameterizedTest(name = "PEBS_DATA_CFG 0x{0}: {1}-byte adaptive record")
  @CsvSource({"0, 32", "1, 64", "2, 176", "3, 208", "4, 288", "7, 464", "8, 56", "1f000008, 800",
      "1f00000f, 1232"})
  void adaptiveRecordSizeIsTheBasicGroupPlusTheSelectedGroups(String cfgHex, int size) {
    long cfg = Long.parseLong(cfgHex, 16);
    long evtsel = HostKernel.preciseCycles() | EventSelect.ADAPTIVE_RECORD;
    byte[] record = oneRecord(CpuModel.ICELAKE, evtsel, cfg, size);
    assertEquals(size, record.length);
    long formatSize = field(record, BASIC, "format_size");
    assertEquals(size, formatSize >>> 48, "record size in bits 48-63");
    assertEquals(cfg, formatSize & ((1L << 48) - 1), "the groups it carries below");
    assertEquals(HostKernel.state().eventingIp(), field(record, BASIC, "ip"));
    assertEquals(1L << 2, field(record, BASIC, "applicable_counters"));
    assertEquals(expectedTsc(), field(record, BASIC, "tsc"));
  }

  @Test
  void adaptiveGroupsFollowTheBasicGroupMemoryInfoBeforeGprs() {
    long cfg = Msr.PEBS_DATACFG_MEMINFO | Msr.PEBS_DATACFG_GP;
    byte[] record = oneRecord(CpuModel.ICELAKE, HostKernel.preciseCycles() | EventSelect.ADAPTIVE_RECORD, cfg,
        32 + 32 + 144);
    List<String> fields = concat(concat(BASIC, MEMINFO), GPRS);
    CpuState s = HostKernel.state();
    assertEquals(s.rflags(), field(record, fields, "g.flags"));
    assertEquals(s.nextIp(), field(record, fields, "g.ip"));
    for (CpuState.Gpr gpr : CpuState.Gpr.values()) {
      assertEquals(s.gpr(gpr), field(record, fields, gpr.name().toLowerCase()), gpr.name());
    }
    assertEquals(0, field(record, fields, "address"), "no data address for a cycles event");
  }

  @Test
  void aCounterWithoutAdaptiveRecordWritesTheBasicGroupOnly() {
    byte[] record = oneRecord(CpuModel.ICELAKE, HostKernel.preciseCycles(), 0xf, 32);
    assertEquals(32, record.length);
    assertEquals(32L << 48, field(record, BASIC, "format_size"));
  }

  @Test
  void theSameInputsWriteTheSameBytes() {
    java.util.SplittableRandom seed = new java.util.SplittableRandom(42);
    CpuState a = CpuState.random(seed.split(), 0xffffffff81000000L);
    CpuState b = CpuState.random(new java.util.SplittableRandom(42).split(), 0xffffffff81000000L);
    PebsRecordWriter writer = new PebsRecordWriter(PebsRecordLayout.of(org.perfsim.cpu.PebsFormat.FMT3));
    assertEquals(a, b);
    assertEquals(java.util.HexFormat.of().formatHex(writer.toBytes(a, 1, 99)),
        java.util.HexFormat.of().formatHex(writer.toBytes(b, 1, 99)));
  }
}
