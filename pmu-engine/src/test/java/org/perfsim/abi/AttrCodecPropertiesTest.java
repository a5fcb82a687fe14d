package org.perfsim.abi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Encoding round trips, for every size version; the fixed offsets the reference table gives. */
class AttrCodecPropertiesTest {

  @Property(tries = 500)
  void decodingTheFullStructGivesBackEveryField(@ForAll("attrs") PerfEventAttr attr) {
    PerfEventAttr full = attr.withSize(AttrCodec.KNOWN_SIZE);
    byte[] bytes = AttrCodec.encode(full);
    assertEquals(AttrCodec.KNOWN_SIZE, bytes.length);
    assertEquals(full, AttrCodec.decode(bytes, bytes.length));
  }

  @Property(tries = 500)
  void aShorterVersionKeepsItsPrefixAndReadsTheRestAsZero(
      @ForAll("attrs") PerfEventAttr attr, @ForAll AttrSize version) {
    PerfEventAttr sized = attr.withSize(version.bytes());
    byte[] bytes = AttrCodec.encode(sized);
    assertEquals(version.bytes(), bytes.length);
    byte[] full = AttrCodec.encode(sized, AttrCodec.KNOWN_SIZE);
    assertArrayEquals(Arrays.copyOf(full, version.bytes()), bytes);
    byte[] reencoded = AttrCodec.encode(AttrCodec.decode(bytes, bytes.length), AttrCodec.KNOWN_SIZE);
    byte[] zeroTail = Arrays.copyOf(bytes, AttrCodec.KNOWN_SIZE);
    assertArrayEquals(zeroTail, reencoded);
  }

  @ParameterizedTest(name = "{0} at offset {1}")
  @CsvSource({
    "type, 0", "size, 4", "config, 8", "sample_period, 16", "sample_type, 24", "read_format, 32",
    "flags, 40", "wakeup_events, 48", "bp_type, 52", "config1, 56", "config2, 64",
    "branch_sample_type, 72", "sample_regs_user, 80", "sample_stack_user, 88", "clockid, 92",
    "sample_regs_intr, 96", "aux_watermark, 104", "sample_max_stack, 108", "aux_sample_size, 112",
    "sig_data, 120", "config3, 128"
  })
  void eachFieldStartsAtItsHeaderOffset(String field, int offset) {
    PerfEventAttr.Builder b = PerfEventAttr.builder().size(AttrCodec.KNOWN_SIZE);
    switch (field) {
      case "type" -> b.type(0x7f);
      case "size" -> b.size(0x7f);
      case "config" -> b.config(0x7f);
      case "sample_period" -> b.samplePeriodOrFreq(0x7f);
      case "sample_type" -> b.sampleType(0x7f);
      case "read_format" -> b.readFormat(0x7f);
      case "flags" -> b.flags(0x7f);
      case "wakeup_events" -> b.wakeupEventsOrWatermark(0x7f);
      case "bp_type" -> b.bpType(0x7f);
      case "config1" -> b.config1(0x7f);
      case "config2" -> b.config2(0x7f);
      case "branch_sample_type" -> b.branchSampleType(0x7f);
      case "sample_regs_user" -> b.sampleRegsUser(0x7f);
      case "sample_stack_user" -> b.sampleStackUser(0x7f);
      case "clockid" -> b.clockid(0x7f);
      case "sample_regs_intr" -> b.sampleRegsIntr(0x7f);
      case "aux_watermark" -> b.auxWatermark(0x7f);
      case "sample_max_stack" -> b.sampleMaxStack((short) 0x7f);
      case "aux_sample_size" -> b.auxSampleSize(0x7f);
      case "sig_data" -> b.sigData(0x7f);
      case "config3" -> b.config3(0x7f);
      default -> throw new IllegalArgumentException(field);
    }
    byte[] bytes = AttrCodec.encode(b.build(), AttrCodec.KNOWN_SIZE);
    assertEquals(0x7f, bytes[offset], field);
  }

  @ParameterizedTest(name = "precise_ip={0} exclude_guest={1} -> byte 41={2}, byte 42={3}")
  @CsvSource({"0, false, 0, 0", "1, false, -128, 0", "2, false, 0, 1", "3, false, -128, 1", "2, true, 0, 17"})
  void preciseIpAndExcludeGuestShareTheSecondAndThirdFlagBytes(
      int precise, boolean excludeGuest, byte byte41, byte byte42) {
    PerfEventAttr attr = PerfEventAttr.zero().withPreciseIp(precise).with(AttrFlag.EXCLUDE_GUEST, excludeGuest);
    byte[] bytes = AttrCodec.encode(attr);
    assertEquals(byte41, bytes[41]);
    assertEquals(byte42, bytes[42]);
    assertEquals(precise, AttrCodec.decode(bytes, bytes.length).preciseIp());
  }

  @Provide
  Arbitrary<PerfEventAttr> attrs() {
    Arbitrary<Long> longs = Arbitraries.longs();
    Arbitrary<Integer> ints = Arbitraries.integers();
    Arbitrary<PerfEventAttr.Builder> head = Combinators.combine(ints, longs, longs, longs, longs, longs, ints, ints)
        .as((type, config, period, sampleType, readFormat, flags, wakeup, bpType) -> PerfEventAttr.builder()
            .type(type).config(config).samplePeriodOrFreq(period).sampleType(sampleType)
            .readFormat(readFormat).flags(flags).wakeupEventsOrWatermark(wakeup).bpType(bpType));
    return Combinators.combine(head, longs, longs, longs, longs, ints, ints, longs)
        .as((b, c1, c2, branch, regsUser, stackUser, clockid, regsIntr) -> b.config1(c1).config2(c2)
            .branchSampleType(branch).sampleRegsUser(regsUser).sampleStackUser(stackUser).clockid(clockid)
            .sampleRegsIntr(regsIntr))
        .flatMap(b -> Combinators.combine(ints, Arbitraries.shorts(), Arbitraries.shorts(), ints, ints, longs, longs)
            .as((auxWm, maxStack, res2, auxSample, res3, sig, c3) -> b.auxWatermark(auxWm).sampleMaxStack(maxStack)
                .reserved2(res2).auxSampleSize(auxSample).reserved3(res3).sigData(sig).config3(c3).build()));
  }
}
