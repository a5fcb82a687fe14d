package org.perfsim.pmu;

/**
 * A guest's page tables as the CPU walks them while the guest runs. A Linux guest maps the same direct-map
 * range as the host onto its own guest-physical RAM, so a host direct-map address below the guest's RAM
 * size translates to a guest-physical address; one beyond it is not present.
 *
 * <p>The translation does not depend on the guest's privilege level, and the model assumes so on purpose:
 * the direct map is the kernel half, which Linux maps in every page table, so it is present whether the
 * vCPU runs guest kernel or guest user code; and the PEBS assist's DS accesses are the CPU's own, not the
 * user code's, so the supervisor-only (U/S = 0) kernel mapping does not stop them at CPL 3. Linux relies on
 * exactly that: with page-table isolation its DS area and PEBS buffers are mapped kernel-only into the
 * user page tables because "the actual PEBS/BTS buffers must be mapped to user space"
 * (arch/x86/include/asm/cpu_entry_area.h). So a guest-user-mode overflow writes where a kernel-mode one does.
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
