package org.perfsim.pmu;

/**
 * One entry of KVM's atomic MSR switch (struct perf_guest_switch_msr, arch/x86/include/asm/perf_event.h):
 * {@code guest} is loaded on VM entry, {@code host} on VM exit. The host value is the one the kernel put in
 * the list when it built it, not the register's value at exit: a list built before a change of the host's
 * state restores stale host bits (the 2026 PEBS_ENABLED investigation). KVM leaves out an entry whose two
 * values are equal (atomic_switch_perf_msrs, arch/x86/kvm/vmx/vmx.c), so the register keeps what it holds.
 */
public record SwitchMsr(int msr, long host, long guest) {

  /** KVM switches this MSR at all (host and guest values differ). */
  public boolean switched() {
    return host != guest;
  }

  @Override
  public String toString() {
    return String.format("%s host=0x%x guest=0x%x", Msr.name(msr), host, guest);
  }
}
