package org.perfsim.pmu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.perfsim.cpu.CpuModel;

/**
 * Every host record carries its own overflow's time: the status and TSC decoded from the DS buffer equal
 * those of the overflows enumerated naively (event k of a cycles counter at cycle k, instruction k at
 * cycle ceil(k * cycles / instructions), time start + floor(cycle * duration / cycles)), for Skylake's
 * format 3 whatever path wrote them.
 */
class RecordTimestampPropertiesTest {

  private static final int RECORD = 200;
  private static final int STATUS = 18 * 8;
  private static final int TSC = 24 * 8;
  private static final long MHZ = 2400;

  record Overflow(long offset, int counter) {}

  @Property(tries = 200)
  void recordsCarryTheTimeOfTheirOverflow(
      @ForAll @Size(min = 1, max = 3) List<@IntRange(min = 1, max = 400) Integer> periods,
      @ForAll @Size(min = 3, max = 3) List<Boolean> countsInstructions,
      @ForAll @LongRange(min = 1, max = 20_000) long cycles, @ForAll @LongRange(max = 30_000) long instructions,
      @ForAll @LongRange(max = 1_000_000_000_000L) long startNanos,
      @ForAll @LongRange(max = 50_000_000) long durationNanos) {
    HostKernel kernel = new HostKernel(CpuModel.SKYLAKE, PmuOptions.hardwareOnly(MHZ));
    long[] reset = new long[4];
    for (int i = 0; i < periods.size(); i++) {
      reset[i] = -periods.get(i);
    }
    long base = HostKernel.BUFFER_LINEAR;
    kernel.pmu.hostFillsDsArea(HostKernel.DS_LINEAR,
        new DsAreaFields(0, 0, 0, 0, base, base, base + 40_000L * RECORD, base + 40_000L * RECORD, reset));
    kernel.write(Msr.IA32_DS_AREA, HostKernel.DS_LINEAR);
    for (int i = 0; i < periods.size(); i++) {
      long event = countsInstructions.get(i) ? 0xc0 : 0x3c;
      kernel.counter(i, event | EventSelect.USR | EventSelect.OS | EventSelect.EN, periods.get(i), true);
    }
    kernel.pmu.runSlice(cycles, instructions, HostKernel.state(), startNanos, durationNanos, PmuSink.NONE);

    List<Overflow> expected = new ArrayList<>();
    for (int i = 0; i < periods.size(); i++) {
      boolean byInstructions = countsInstructions.get(i);
      long events = byInstructions ? instructions : cycles;
      for (long k = periods.get(i); k <= events; k += periods.get(i)) {
        long offset = byInstructions ? ceilDiv(BigInteger.valueOf(k).multiply(BigInteger.valueOf(cycles)),
            instructions) : k;
        expected.add(new Overflow(offset, i));
      }
    }
    expected.sort((x, y) -> x.offset() != y.offset() ? Long.compare(x.offset(), y.offset())
        : Integer.compare(x.counter(), y.counter()));

    ByteBuffer records = ByteBuffer.wrap(kernel.pmu.hostBufferBytes()).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(expected.size() * RECORD, records.capacity(), "one record per overflow");
    for (int r = 0; r < expected.size(); r++) {
      Overflow o = expected.get(r);
      long nanos = startNanos + o.offset() * durationNanos / cycles;
      assertEquals(1L << o.counter(), records.getLong(r * RECORD + STATUS), "status of record " + r);
      assertEquals(nanos * MHZ / 1000, records.getLong(r * RECORD + TSC), "tsc of record " + r);
    }
  }

  private static long ceilDiv(BigInteger numerator, long denominator) {
    BigInteger[] qr = numerator.divideAndRemainder(BigInteger.valueOf(denominator));
    return qr[0].longValueExact() + (qr[1].signum() == 0 ? 0 : 1);
  }
}
