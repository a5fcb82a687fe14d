package org.perfsim.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.perfsim.cpu.CpuModel;
import org.perfsim.kernel.Capabilities;
import org.perfsim.kernel.Kernel;
import org.perfsim.kernel.KernelPolicy;
import org.perfsim.kernel.OpenResult;

/**
 * Random attr bytes: decoding never fails within the buffer, and perf_event_open of any bytes and arguments on
 * every kernel policy answers with an fd or an errno (as the kernel does), never an exception.
 */
class AttrBytesFuzzTest {

  @Property(tries = 500)
  void anyPrefixOfAnyBytesDecodesAndReEncodes(@ForAll("bytes") byte[] bytes) {
    for (int length = 0; length <= bytes.length; length += 1 + length / 8) {
      PerfEventAttr attr = AttrCodec.decode(bytes, length);
      assertEquals(AttrCodec.KNOWN_SIZE, AttrCodec.encode(attr, AttrCodec.KNOWN_SIZE).length);
    }
  }

  @Property(tries = 600)
  void perfEventOpenOfAnyBytesAnswersWithAnFdOrAnErrno(@ForAll("bytes") byte[] bytes, @ForAll("policies") KernelPolicy policy,
      @ForAll CpuModel cpu, @ForAll @IntRange(min = -1, max = 3) int paranoid, @ForAll Capabilities caller,
      @ForAll @IntRange(min = -2, max = 8) int pid, @ForAll @IntRange(min = -2, max = 300) int cpuIndex,
      @ForAll @IntRange(min = -2, max = 4) int groupFd, @ForAll("flags") long flags) {
    OpenResult result = new Kernel(policy, cpu, 4, paranoid, caller)
        .perfEventOpen(bytes, pid, cpuIndex, groupFd, flags);
    assertNotNull(result);
  }

  /** Short, kernel-sized and page-sized buffers; the size field often one the kernel knows. */
  @Provide
  Arbitrary<byte[]> bytes() {
    Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(AttrCopy.PAGE_SIZE + 16);
    Arbitrary<byte[]> sized = Arbitraries.of(List.of(AttrSize.values())).flatMap(size -> Arbitraries.bytes()
        .array(byte[].class).ofMinSize(8).ofMaxSize(size.bytes() + 24).map(b -> {
          b[4] = (byte) size.bytes();
          b[5] = 0;
          return b;
        }));
    return Arbitraries.oneOf(raw, sized);
  }

  @Provide
  Arbitrary<KernelPolicy> policies() {
    return Arbitraries.of(KernelPolicy.builtIns());
  }

  @Provide
  Arbitrary<Long> flags() {
    return Arbitraries.oneOf(Arbitraries.of(0L, 1L, 2L, 4L, 8L, 15L), Arbitraries.longs());
  }
}
