package org.perfsim.pmu;

/**
 * A guest's page tables as the CPU walks them while the guest runs. A Linux guest maps the same direct-map
 * range as the host onto its own guest-physical RAM, so a host direct-map address below the guest's RAM
 * size translates to a guest-physical address; one beyond it is not present.
 */
public record GuestAddressSpace(long ramBytes, long directMapBase) implements AddressSpace {

  /** A Linux guest of the 2012 era with {@code ramBytes} of RAM. */
  public static GuestAddressSpace linux2012(long ramBytes) {
    return new GuestAddressSpace(ramBytes, DIRECT_MAP_BASE_2012);
  }

  @Override
  public long translate(long linear) {
    return AddressSpace.directMap(linear, directMapBase, ramBytes);
  }
}
