package org.perfsim.pmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Linear to physical through the host's and a guest's page tables (the 2012 direct map). */
class AddressTranslationTest {

  private static final HostAddressSpace HOST = HostAddressSpace.linux2012(16L << 30);
  private static final GuestAddressSpace GUEST = GuestAddressSpace.linux2012(1L << 30);

  private static long hex(String s) {
    return Long.parseUnsignedLong(s, 16);
  }

  @ParameterizedTest(name = "linear 0x{0}: host 0x{1}, guest 0x{2}")
  @CsvSource({
      "ffff880000000000, 0,          0",
      "ffff880012345000, 12345000,   12345000",
      "ffff88003fffffff, 3fffffff,   3fffffff",
      "ffff880040000000, 40000000,   -",
      "ffff8803ffffffff, 3ffffffff,  -",
      "ffff880400000000, -,          -",
      "ffff87ffffffffff, -,          -",
      "0000000000401000, -,          -",
      "ffffffff81000000, -,          -",
  })
  void theDirectMapTranslatesBelowRamAndNothingElse(String linear, String host, String guest) {
    assertEquals(host.equals("-") ? AddressSpace.NOT_PRESENT : hex(host), HOST.translate(hex(linear)));
    assertEquals(guest.equals("-") ? AddressSpace.NOT_PRESENT : hex(guest), GUEST.translate(hex(linear)));
  }

  @ParameterizedTest(name = "host physical 0x{0}")
  @CsvSource({"0", "12345000", "3ffffffff"})
  void aHostDirectMapAddressIsTheSamePhysicalOffsetInAGuestLargeEnough(String physical) {
    long linear = HOST.linearOf(hex(physical));
    GuestAddressSpace bigGuest = GuestAddressSpace.linux2012(16L << 30);
    assertEquals(HOST.translate(linear), bigGuest.translate(linear));
    assertEquals(OptionalLong.of(hex(physical)), bigGuest.translateOptional(linear));
  }

  @ParameterizedTest(name = "guest of {0} MiB")
  @CsvSource({"0", "1", "256"})
  void pastAGuestsRamNothingIsPresent(long mib) {
    GuestAddressSpace guest = GuestAddressSpace.linux2012(mib << 20);
    assertTrue(guest.translateOptional(guest.directMapBase() + (mib << 20)).isEmpty());
  }
}
