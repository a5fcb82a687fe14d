package org.perfsim.pmu;

/**
 * The host kernel's page tables: its direct map of all host RAM ({@code kzalloc}ed DS areas and PEBS buffers
 * live there, so their linear addresses are {@code directMapBase + physical}).
 */
public record HostAddressSpace(long ramBytes, long directMapBase) implements AddressSpace {

  /** A host with {@code ramBytes} of RAM and the 2012 x86-64 layout. */
  public static HostAddressSpace linux2012(long ramBytes) {
    return new HostAddressSpace(ramBytes, DIRECT_MAP_BASE_2012);
  }

  @Override
  public long translate(long linear) {
    return AddressSpace.directMap(linear, directMapBase, ramBytes);
  }

  /** The direct-map linear address of host physical address {@code physical}. */
  public long linearOf(long physical) {
    return directMapBase + physical;
  }
}
