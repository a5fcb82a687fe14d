package org.perfsim.pmu;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The architectural state the PEBS assist copies into a record, supplied by the caller per slice.
 *
 * @param eventingIp address of the instruction that caused the event (fmt2+ {@code real_ip}, adaptive
 *     {@code ip})
 * @param nextIp address of the following instruction: the trap-like {@code ip} of formats 0-3 and of the
 *     adaptive GPR group, which the kernel fixes up with LBR for precise_ip 2
 * @param rflags the flags register
 * @param gprs the 16 general-purpose registers, indexed by {@link Gpr#ordinal()}
 */
public record CpuState(long eventingIp, long nextIp, long rflags, long[] gprs) {

  /** General-purpose registers, in the order of the kernel's {@code pebs_record_core}. */
  public enum Gpr {
    AX, BX, CX, DX, SI, DI, BP, SP, R8, R9, R10, R11, R12, R13, R14, R15
  }

  /** RFLAGS bit 1 is always set on x86. */
  public static final long RFLAGS_RESERVED_ONE = 0x2;

  public CpuState {
    if (gprs.length != Gpr.values().length) {
      gprs = Arrays.copyOf(gprs, Gpr.values().length);
    } else {
      gprs = gprs.clone();
    }
  }

  /** A state at {@code eventingIp} with zeroed registers. */
  public static CpuState at(long eventingIp, long nextIp) {
    return new CpuState(eventingIp, nextIp, RFLAGS_RESERVED_ONE, new long[Gpr.values().length]);
  }

  /** A state with registers drawn from {@code random}: same seed, same state, same record bytes. */
  public static CpuState random(SplittableRandom random, long eventingIp) {
    long[] regs = new long[Gpr.values().length];
    for (int i = 0; i < regs.length; i++) {
      regs[i] = random.nextLong();
    }
    long flags = RFLAGS_RESERVED_ONE | (random.nextLong() & 0x8d5L);
    return new CpuState(eventingIp, eventingIp + 1 + random.nextInt(15), flags, regs);
  }

  public long gpr(Gpr register) {
    return gprs[register.ordinal()];
  }

  public CpuState withGpr(Gpr register, long value) {
    long[] regs = gprs.clone();
    regs[register.ordinal()] = value;
    return new CpuState(eventingIp, nextIp, rflags, regs);
  }

  @Override
  public long[] gprs() {
    return gprs.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CpuState s && eventingIp == s.eventingIp && nextIp == s.nextIp
        && rflags == s.rflags && Arrays.equals(gprs, s.gprs);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(eventingIp) * 31 + Arrays.hashCode(gprs);
  }

  @Override
  public String toString() {
    return String.format("CpuState[ip=0x%x, next=0x%x, rflags=0x%x]", eventingIp, nextIp, rflags);
  }
}
