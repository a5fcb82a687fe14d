package org.perfsim.abi;

/** What the kernel's copy of a user's attr came to: the attr it will use, or an errno (never an exception). */
public sealed interface AttrCopyResult {

  /** The attr the kernel works with; its size field is the size the caller sent (0 read as VER0). */
  record Copied(PerfEventAttr attr) implements AttrCopyResult {}

  /**
   * The copy failed.
   *
   * @param sizeWrittenBack for E2BIG, the kernel writes its own struct size into the caller's size field
   *     (0 otherwise)
   * @param reason which rule failed, naming the field, for perfsim's verbose output
   */
  record Rejected(Errno errno, int sizeWrittenBack, String reason) implements AttrCopyResult {}
}
