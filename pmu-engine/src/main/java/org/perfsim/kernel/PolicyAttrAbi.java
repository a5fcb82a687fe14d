package org.perfsim.kernel;

import org.perfsim.abi.KernelAttrAbi;
import org.perfsim.id.Identified;

/**
 * A kernel policy's {@code attr-abi} knob: which struct perf_event_attr its perf_copy_attr knows (size and
 * bits; anything newer is EINVAL or E2BIG). Sources in docs/KERNEL-POLICIES.md.
 */
public enum PolicyAttrAbi implements Identified {
  LINUX_3_6("linux-3.6", KernelAttrAbi.LINUX_3_6,
      "include/uapi/linux/perf_event.h at v3.6: PERF_ATTR_SIZE_VER2, flags through exclude_guest"),
  LINUX_3_8("linux-3.8", KernelAttrAbi.LINUX_3_8,
      "include/uapi/linux/perf_event.h at v3.7/v3.8: PERF_ATTR_SIZE_VER3, exclude_callchain_{kernel,user}"),
  LINUX_3_8_INCLUDE_GUEST("linux-3.8-include-guest", KernelAttrAbi.LINUX_3_8_INCLUDE_GUEST,
      "3.8 plus the include_guest bit of Torvalds' proposal, LKML 2012-12 (never merged)"),
  CURRENT("current", KernelAttrAbi.LINUX_CURRENT,
      "include/uapi/linux/perf_event.h today: PERF_ATTR_SIZE_VER8, flags through sigtrap");

  private final String id;
  private final KernelAttrAbi abi;
  private final String source;

  PolicyAttrAbi(String id, KernelAttrAbi abi, String source) {
    this.id = id;
    this.abi = abi;
    this.source = source;
  }

  @Override
  public String id() {
    return id;
  }

  public KernelAttrAbi abi() {
    return abi;
  }

  /** Where this struct layout comes from. */
  public String source() {
    return source;
  }
}
