package org.perfsim.pmu;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.perfsim.cpu.CpuModel;

/**
 * The host kernel's part in the tests: it puts a DS area and a PEBS buffer in its direct map, points
 * IA32_DS_AREA at it and programs counters, checking every wrmsr succeeds.
 */
final class HostKernel {

  static final long HOST_RAM = 16L << 30;
  /** Host physical address of the DS area and of the PEBS buffer (both below 1 GiB). */
  static final long DS_PHYS = 0x1234_5000L;
  static final long BUFFER_PHYS = 0x1240_0000L;
  static final HostAddressSpace HOST = HostAddressSpace.linux2012(HOST_RAM);
  static final long DS_LINEAR = HOST.linearOf(DS_PHYS);
  static final long BUFFER_LINEAR = HOST.linearOf(BUFFER_PHYS);
  /** The cycles:p alias the 2012 kernel programs for a precise cycles event (INST_RETIRED, inv, cmask 16). */
  static final long CYCLES_P_EVENT = 0x108000c0L;

  final EmulatedPmu pmu;

  HostKernel(CpuModel model, PmuOptions options) {
    this.pmu = new EmulatedPmu(model, HOST, options);
  }

  static HostKernel hardwareOnly(CpuModel model) {
    return new HostKernel(model, PmuOptions.hardwareOnly(3000));
  }

  /** A PEBS buffer of {@code capacityRecords} records with the threshold after {@code thresholdRecords}. */
  HostKernel dsArea(int recordBytes, long capacityRecords, long thresholdRecords, long resetValue) {
    return dsArea(BUFFER_LINEAR, recordBytes, capacityRecords, thresholdRecords, resetValue);
  }

  /** As {@link #dsArea(int, long, long, long)} with the PEBS buffer at host linear {@code base}. */
  HostKernel dsArea(long base, int recordBytes, long capacityRecords, long thresholdRecords, long resetValue) {
    long[] reset = new long[pmu.model().generalCounters()];
    java.util.Arrays.fill(reset, resetValue);
    DsAreaFields fields = new DsAreaFields(0, 0, 0, 0, base, base, base + capacityRecords * recordBytes,
        base + thresholdRecords * recordBytes, reset);
    assertInstanceOf(DsAreaResult.Filled.class, pmu.hostFillsDsArea(DS_LINEAR, fields));
    return write(Msr.IA32_DS_AREA, DS_LINEAR);
  }

  /** General counter {@code i} counting {@code evtsel}, started {@code period} events before overflow. */
  HostKernel counter(int i, long evtsel, long period, boolean pebs) {
    write(Msr.perfEvtSel(i), evtsel);
    write(Msr.pmc(i), -period);
    long enabled = ((MsrResult.Value) pmu.rdmsr(Msr.IA32_PERF_GLOBAL_CTRL)).value();
    write(Msr.IA32_PERF_GLOBAL_CTRL, enabled | 1L << i);
    if (pebs) {
      long pebsOn = ((MsrResult.Value) pmu.rdmsr(Msr.IA32_PEBS_ENABLE)).value();
      write(Msr.IA32_PEBS_ENABLE, pebsOn | 1L << i);
    }
    return this;
  }

  /** Precise cycles at both privilege levels, as the 2012 kernel programs {@code cycles:pp}. */
  static long preciseCycles() {
    return CYCLES_P_EVENT | EventSelect.USR | EventSelect.OS | EventSelect.EN;
  }

  HostKernel write(int msr, long value) {
    MsrResult r = pmu.wrmsr(msr, value);
    assertTrue(r.ok(), () -> "wrmsr " + Msr.name(msr) + ": " + r);
    return this;
  }

  long read(int msr) {
    return assertInstanceOf(MsrResult.Value.class, pmu.rdmsr(msr)).value();
  }

  static CpuState state() {
    return new CpuState(0xffffffff81001234L, 0xffffffff81001239L, 0x246,
        new long[] {0xa0, 0xb0, 0xc0, 0xd0, 0x51, 0xd1, 0xb9, 0x59, 8, 9, 10, 11, 12, 13, 14, 15});
  }
}
