package org.perfsim.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The kernel's copy rules (perf_copy_attr) for each kernel era perfsim models. */
class AttrCopyTest {

  private static byte[] bytesOfSize(int claimed, int length) {
    PerfEventAttr attr = PerfEventAttr.zero().toBuilder().size(claimed).config(1).build();
    return Arrays.copyOf(AttrCodec.encode(attr, Math.min(length, AttrCodec.KNOWN_SIZE)), length);
  }

  private static AttrCopyResult.Rejected rejected(AttrCopyResult result) {
    return assertInstanceOf(AttrCopyResult.Rejected.class, result);
  }

  private static PerfEventAttr copied(AttrCopyResult result) {
    return assertInstanceOf(AttrCopyResult.Copied.class, result).attr();
  }

  @Test
  void sizeZeroIsReadAsTheFirstPublishedStruct() {
    PerfEventAttr attr = copied(AttrCopy.fromUser(bytesOfSize(0, 64), KernelAttrAbi.LINUX_CURRENT));
    assertEquals(64, attr.size());
    assertEquals(1, attr.config());
  }

  @ParameterizedTest(name = "size {0} -> E2BIG")
  @CsvSource({"1", "63", "4097", "-1"})
  void sizeBelowVer0OrAbovePageIsE2bigWithTheKernelSizeWrittenBack(int size) {
    AttrCopyResult.Rejected r = rejected(AttrCopy.fromUser(bytesOfSize(size, 4200), KernelAttrAbi.LINUX_3_8));
    assertEquals(Errno.E2BIG, r.errno());
    assertEquals(96, r.sizeWrittenBack());
  }

  @ParameterizedTest(name = "a {0}-byte attr on the {1} kernel is accepted")
  @CsvSource({"64, 3.6", "72, 3.6", "80, 3.6", "96, 3.6", "128, 3.6", "136, 3.8", "80, 6.x", "4096, 6.x"})
  void anyKnownSizeWithAZeroTailIsAccepted(int size, String release) {
    KernelAttrAbi kernel = switch (release) {
      case "3.6" -> KernelAttrAbi.LINUX_3_6;
      case "3.8" -> KernelAttrAbi.LINUX_3_8;
      default -> KernelAttrAbi.LINUX_CURRENT;
    };
    PerfEventAttr attr = copied(AttrCopy.fromUser(bytesOfSize(size, size), kernel));
    assertEquals(size, attr.size());
    assertEquals(1, attr.config());
  }

  @Test
  void aLargerStructWithANonZeroBytePastTheKernelsStructIsE2big() {
    byte[] bytes = bytesOfSize(128, 128);
    bytes[100] = 1; // sample_regs_intr: a 3.8 kernel's struct ends at 96
    AttrCopyResult.Rejected r = rejected(AttrCopy.fromUser(bytes, KernelAttrAbi.LINUX_3_8));
    assertEquals(Errno.E2BIG, r.errno());
    assertEquals(96, r.sizeWrittenBack());
    assertTrue(r.reason().contains("byte 100"), r.reason());
    copied(AttrCopy.fromUser(bytes, KernelAttrAbi.LINUX_CURRENT));
  }

  @ParameterizedTest(name = "{0} on Linux {1}: accepted={2}")
  @CsvSource({
    "EXCLUDE_GUEST, 3.6, true", "EXCLUDE_CALLCHAIN_USER, 3.6, false", "EXCLUDE_CALLCHAIN_USER, 3.8, true",
    "MMAP2, 3.8, false", "BPF_EVENT, 3.8, false", "SIGTRAP, 6.x, true", "INCLUDE_GUEST, 6.x, false",
    "INCLUDE_GUEST, include-guest, true", "INCLUDE_GUEST, 3.8, false"
  })
  void aFlagTheKernelDoesNotKnowIsAReservedBitAndEinval(AttrFlag flag, String release, boolean accepted) {
    KernelAttrAbi kernel = switch (release) {
      case "3.6" -> KernelAttrAbi.LINUX_3_6;
      case "3.8" -> KernelAttrAbi.LINUX_3_8;
      case "include-guest" -> KernelAttrAbi.LINUX_3_8_INCLUDE_GUEST;
      default -> KernelAttrAbi.LINUX_CURRENT;
    };
    PerfEventAttr attr = PerfEventAttr.builder().size(80).flag(flag, true).build();
    AttrCopyResult result = AttrCopy.fromUser(AttrCodec.encode(attr), kernel);
    if (accepted) {
      assertTrue(copied(result).has(flag));
    } else {
      AttrCopyResult.Rejected r = rejected(result);
      assertEquals(Errno.EINVAL, r.errno());
      assertTrue(r.reason().contains(flag.fieldName()), r.reason());
    }
  }

  @Test
  void readFormatLostIsUnknownToA2012KernelAndEinval() {
    PerfEventAttr attr = PerfEventAttr.builder().size(128).readFormat(ReadFormat.LOST, true).build();
    assertEquals(Errno.EINVAL, rejected(AttrCopy.fromUser(AttrCodec.encode(attr), KernelAttrAbi.LINUX_3_8)).errno());
    copied(AttrCopy.fromUser(AttrCodec.encode(attr), KernelAttrAbi.LINUX_CURRENT));
  }

  @Test
  void sampleTypeWeightIsUnknownToA2012KernelAndEinval() {
    PerfEventAttr attr = PerfEventAttr.builder().size(96).sampleType(SampleType.WEIGHT, true).build();
    assertEquals(Errno.EINVAL, rejected(AttrCopy.fromUser(AttrCodec.encode(attr), KernelAttrAbi.LINUX_3_8)).errno());
  }

  @Test
  void reservedFieldsSetAreEinval() {
    PerfEventAttr attr = PerfEventAttr.builder().size(136).reserved2((short) 1).build();
    assertEquals(Errno.EINVAL, rejected(AttrCopy.fromUser(AttrCodec.encode(attr), KernelAttrAbi.LINUX_CURRENT)).errno());
  }

  @Test
  void aBufferShorterThanItsSizeFieldFaults() {
    assertEquals(Errno.EFAULT, rejected(AttrCopy.fromUser(bytesOfSize(96, 80), KernelAttrAbi.LINUX_CURRENT)).errno());
    assertEquals(Errno.EFAULT, rejected(AttrCopy.fromUser(new byte[5], KernelAttrAbi.LINUX_CURRENT)).errno());
  }

  @Property(tries = 3000)
  void anyByteStringIsCopiedOrRejectedWithAnErrnoNeverAnException(
      @ForAll @Size(max = 300) byte[] user, @ForAll boolean current) {
    KernelAttrAbi kernel = current ? KernelAttrAbi.LINUX_CURRENT : KernelAttrAbi.LINUX_3_6;
    AttrCopyResult result = AttrCopy.fromUser(user, kernel);
    if (result instanceof AttrCopyResult.Copied c) {
      int kept = Math.min(c.attr().effectiveSize(), kernel.structSize().bytes());
      byte[] again = AttrCodec.encode(c.attr(), kept);
      for (int i = 8; i < kept; i++) {
        assertEquals(user[i], again[i], "byte " + i);
      }
    }
  }

  @Property(tries = 2000)
  void fuzzedSizesAroundEveryBoundaryNeverThrow(@ForAll @Size(min = 8, max = 200) byte[] user) {
    for (int claimed : new int[] {0, 63, 64, 72, 80, 96, 104, 112, 120, 128, 136, 144, 200}) {
      byte[] b = user.clone();
      b[4] = (byte) claimed;
      b[5] = b[6] = b[7] = 0;
      AttrCopy.fromUser(b, KernelAttrAbi.LINUX_3_8);
    }
  }
}
