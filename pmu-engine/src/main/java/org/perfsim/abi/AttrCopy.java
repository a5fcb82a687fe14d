package org.perfsim.abi;

/**
 * The kernel's copy of a user's attr (perf_copy_attr in kernel/events/core.c) against one kernel's
 * {@link KernelAttrAbi}: size 0 is VER0; a size below VER0 or above a page is E2BIG; a shorter struct is
 * zero-extended; a longer one is accepted only if every byte past the kernel's struct is zero (E2BIG
 * otherwise, with the kernel's size written back); reserved fields or bits set are EINVAL.
 */
public final class AttrCopy {
  public static final int PAGE_SIZE = 4096;

  private AttrCopy() {}

  /**
   * @param user the bytes at the caller's pointer; fewer bytes than the size field claims would fault in
   *     the kernel, and come back as EFAULT here
   */
  public static AttrCopyResult fromUser(byte[] user, KernelAttrAbi kernel) {
    if (user.length < 8) {
      return reject(Errno.EFAULT, 0, "attr buffer of " + user.length + " bytes ends before the size field");
    }
    int claimed = (user[4] & 0xff) | (user[5] & 0xff) << 8 | (user[6] & 0xff) << 16 | (user[7] & 0xff) << 24;
    long size = claimed == 0 ? AttrSize.VER0.bytes() : Integer.toUnsignedLong(claimed);
    int kernelSize = kernel.structSize().bytes();
    if (size < AttrSize.VER0.bytes() || size > PAGE_SIZE) {
      return reject(Errno.E2BIG, kernelSize, "size " + Integer.toUnsignedString(claimed)
          + " outside [" + AttrSize.VER0.bytes() + ", " + PAGE_SIZE + "]");
    }
    if (size > user.length) {
      return reject(Errno.EFAULT, 0, "size " + size + " but only " + user.length + " readable bytes");
    }
    for (int i = kernelSize; i < size; i++) {
      if (user[i] != 0) {
        return reject(Errno.E2BIG, kernelSize, "byte " + i + " past this kernel's " + kernelSize
            + "-byte struct is not zero");
      }
    }
    PerfEventAttr attr = AttrCodec.decode(user, (int) Math.min(size, kernelSize)).withSize((int) size);
    return validate(attr, kernel);
  }

  private static AttrCopyResult validate(PerfEventAttr attr, KernelAttrAbi kernel) {
    long unknownFlags = attr.flags() & ~kernel.knownFlags();
    if (unknownFlags != 0) {
      return reject(Errno.EINVAL, 0, "flag bit " + Long.numberOfTrailingZeros(unknownFlags)
          + describeFlag(Long.numberOfTrailingZeros(unknownFlags)) + " is reserved in Linux " + kernel.release());
    }
    if (attr.reserved2() != 0 || attr.reserved3() != 0) {
      return reject(Errno.EINVAL, 0, "__reserved_2/__reserved_3 not zero");
    }
    long unknownSample = attr.sampleType() & ~kernel.knownSampleTypes();
    if (unknownSample != 0) {
      return reject(Errno.EINVAL, 0, "sample_type bits 0x" + Long.toHexString(unknownSample)
          + " unknown to Linux " + kernel.release());
    }
    long unknownRead = attr.readFormat() & ~kernel.knownReadFormats();
    if (unknownRead != 0) {
      return reject(Errno.EINVAL, 0, "read_format bits 0x" + Long.toHexString(unknownRead)
          + " unknown to Linux " + kernel.release());
    }
    return new AttrCopyResult.Copied(attr);
  }

  private static String describeFlag(int bit) {
    for (AttrFlag f : AttrFlag.values()) {
      if (f.bit() == bit) {
        return " (" + f.fieldName() + ")";
      }
    }
    return "";
  }

  private static AttrCopyResult reject(Errno errno, int sizeWrittenBack, String reason) {
    return new AttrCopyResult.Rejected(errno, sizeWrittenBack, reason);
  }
}
