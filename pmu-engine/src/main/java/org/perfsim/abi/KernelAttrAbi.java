package org.perfsim.abi;

/**
 * What one kernel release knows of perf_event_attr: the size of its struct and the newest flag,
 * sample_type and read_format bit it accepts. Everything newer is a reserved bit to it (EINVAL), and a
 * larger struct must carry zeros past its end (else E2BIG).
 *
 * @param structSize sizeof(struct perf_event_attr) in that kernel
 * @param knownFlags every bit of the offset-40 bitfield the kernel defines (precise_ip included)
 */
public record KernelAttrAbi(String release, AttrSize structSize, long knownFlags, SampleType lastSampleType,
    ReadFormat lastReadFormat) {

  /** The 2012 kernels before 3.7: VER2, flags up to exclude_guest. */
  public static final KernelAttrAbi LINUX_3_6 = new KernelAttrAbi("3.6", AttrSize.VER2,
      AttrFlag.maskThrough(AttrFlag.EXCLUDE_GUEST), SampleType.BRANCH_STACK, ReadFormat.GROUP);

  /** 3.7 and 3.8: VER3 (user regs and stack), exclude_callchain_{kernel,user}. */
  public static final KernelAttrAbi LINUX_3_8 = new KernelAttrAbi("3.8", AttrSize.VER3,
      AttrFlag.maskThrough(AttrFlag.EXCLUDE_CALLCHAIN_USER), SampleType.STACK_USER, ReadFormat.GROUP);

  /** 3.8 with Torvalds' include_guest bit added (never merged; perfsim's hypothetical kernel). */
  public static final KernelAttrAbi LINUX_3_8_INCLUDE_GUEST = new KernelAttrAbi("3.8+include_guest",
      AttrSize.VER3, LINUX_3_8.knownFlags | AttrFlag.INCLUDE_GUEST.mask(), SampleType.STACK_USER,
      ReadFormat.GROUP);

  /** A current kernel: VER8 (config3), flags through sigtrap, read_format LOST. */
  public static final KernelAttrAbi LINUX_CURRENT = new KernelAttrAbi("6.x", AttrSize.VER8,
      AttrFlag.maskThrough(AttrFlag.SIGTRAP), SampleType.WEIGHT_STRUCT, ReadFormat.LOST);

  public boolean knows(AttrFlag flag) {
    return (knownFlags & flag.mask()) != 0;
  }

  public long knownSampleTypes() {
    return SampleType.maskThrough(lastSampleType);
  }

  public long knownReadFormats() {
    return ReadFormat.maskThrough(lastReadFormat);
  }
}
