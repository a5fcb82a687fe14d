package org.perfsim.abi;

import java.util.Optional;

/**
 * The published sizes of struct perf_event_attr (PERF_ATTR_SIZE_VERn). Each version appended fields;
 * a caller sends the size of the struct its headers had.
 */
public enum AttrSize {
  VER0(64, "2.6.31"),
  VER1(72, "2.6.33"),
  VER2(80, "3.4"),
  VER3(96, "3.7"),
  VER4(104, "3.19"),
  VER5(112, "4.1"),
  VER6(120, "5.13"),
  VER7(128, "5.13"),
  VER8(136, "6.3");

  private final int bytes;
  private final String firstKernel;

  AttrSize(int bytes, String firstKernel) {
    this.bytes = bytes;
    this.firstKernel = firstKernel;
  }

  public int bytes() {
    return bytes;
  }

  /** The kernel release whose uapi header first had this size. */
  public String firstKernel() {
    return firstKernel;
  }

  public static AttrSize latest() {
    return VER8;
  }

  public static Optional<AttrSize> ofBytes(int bytes) {
    for (AttrSize s : values()) {
      if (s.bytes == bytes) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
