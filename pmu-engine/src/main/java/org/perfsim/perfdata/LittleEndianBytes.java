package org.perfsim.perfdata;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growing little-endian byte buffer: perf.data is written in the byte order of the x86-64 host. */
final class LittleEndianBytes {
  private byte[] bytes = new byte[256];
  private int size;

  int size() {
    return size;
  }

  LittleEndianBytes u16(int v) {
    ensure(2);
    bytes[size++] = (byte) v;
    bytes[size++] = (byte) (v >>> 8);
    return this;
  }

  LittleEndianBytes u32(long v) {
    ensure(4);
    for (int i = 0; i < 4; i++) {
      bytes[size++] = (byte) (v >>> (8 * i));
    }
    return this;
  }

  LittleEndianBytes u64(long v) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      bytes[size++] = (byte) (v >>> (8 * i));
    }
    return this;
  }

  LittleEndianBytes bytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, bytes, size, b.length);
    size += b.length;
    return this;
  }

  LittleEndianBytes bytes(LittleEndianBytes b) {
    ensure(b.size);
    System.arraycopy(b.bytes, 0, bytes, size, b.size);
    size += b.size;
    return this;
  }

  /** A NUL-terminated string padded with zeros to a multiple of {@code align} bytes. */
  LittleEndianBytes cString(String s, int align) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    int padded = (b.length + 1 + align - 1) / align * align;
    ensure(padded);
    System.arraycopy(b, 0, bytes, size, b.length);
    Arrays.fill(bytes, size + b.length, size + padded, (byte) 0);
    size += padded;
    return this;
  }

  /** Overwrites the u16 at {@code offset} (a record's size once its body is known). */
  void putU16(int offset, int v) {
    bytes[offset] = (byte) v;
    bytes[offset + 1] = (byte) (v >>> 8);
  }

  byte[] toArray() {
    return Arrays.copyOf(bytes, size);
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
