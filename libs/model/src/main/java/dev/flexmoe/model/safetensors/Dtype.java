package dev.flexmoe.model.safetensors;

import java.util.Optional;

/**
 * The element types of the safetensors format, by their header names. The sub-byte and 8-bit float
 * types of the format are left out: nothing here can decode or check them, so a file using them is
 * refused as an unknown dtype.
 */
public enum Dtype {
  BOOL(1, false),
  U8(1, false),
  I8(1, false),
  I16(2, false),
  U16(2, false),
  F16(2, true),
  BF16(2, true),
  I32(4, false),
  U32(4, false),
  F32(4, true),
  F64(8, true),
  I64(8, false),
  U64(8, false);

  private final int byteSize;
  private final boolean floatingPoint;

  Dtype(int byteSize, boolean floatingPoint) {
    this.byteSize = byteSize;
    this.floatingPoint = floatingPoint;
  }

  /** Bytes per element. */
  public int byteSize() {
    return byteSize;
  }

  /** Whether elements can be NaN or infinite (the reader refuses those). */
  public boolean isFloatingPoint() {
    return floatingPoint;
  }

  /** The dtype with this header name ({@code "F32"}), if it is one of this enum's. */
  public static Optional<Dtype> byHeaderName(String name) {
    for (Dtype dtype : values()) {
      if (dtype.name().equals(name)) {
        return Optional.of(dtype);
      }
    }
    return Optional.empty();
  }
}
