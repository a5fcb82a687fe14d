package org.perfsim.perfdata;

import java.util.Arrays;

/** The bytes of one host's perf.data file, compared by content (a value that crosses JVMs in a message). */
public record PerfDataFile(byte[] bytes) {
  public PerfDataFile {
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  public int size() {
    return bytes.length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PerfDataFile f && Arrays.equals(bytes, f.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "PerfDataFile[" + bytes.length + " bytes]";
  }
}
