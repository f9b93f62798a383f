package dev.flexmoe.model.safetensors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;

/**
 * The check that a float tensor holds no NaN or infinity, on the tensor's bytes or on one window of
 * them, so that a tensor too large for one buffer is checked a window at a time.
 */
final class FiniteValues {

  private static final int SCAN_CHUNK = 4096;

  private FiniteValues() {}

  /**
   * NaN or infinite weights poison every output they touch and are never a legitimate upload; the
   * first one is reported by its row-major index so the owner can find it.
   *
   * @param window little-endian elements of the tensor, from position 0 to its capacity
   * @param firstIndex the row-major index of the window's first element within the tensor
   */
  static void check(String name, Dtype dtype, ByteBuffer window, long firstIndex) {
    ByteBuffer data = window.duplicate().order(ByteOrder.LITTLE_ENDIAN).clear();
    int index = firstNonFinite(dtype, data);
    if (index < 0) {
      return;
    }
    double value =
        switch (dtype) {
          case F16 -> Float16.toFloat(data.getShort(2 * index));
          case BF16 -> Float.intBitsToFloat(data.getShort(2 * index) << 16);
          case F32 -> data.getFloat(4 * index);
          case F64 -> data.getDouble(8 * index);
          default -> throw notAFloat(dtype);
        };
    throw new SafetensorsFormatException(
        Violation.NON_FINITE_VALUE,
        name,
        "tensor "
            + TensorNameRule.quote(name)
            + " ("
            + dtype
            + "): element "
            + (firstIndex + index)
            + " is "
            + value
            + "; only finite values are accepted (check the training run that produced it)");
  }

  /**
   * The index of the first NaN or infinity, or -1. A value is not finite exactly when all its
   * exponent bits are set, so the scan reads raw bits in bulk instead of decoding each value.
   */
  private static int firstNonFinite(Dtype dtype, ByteBuffer data) {
    return switch (dtype) {
      case F16 -> firstWithExponent(data.asShortBuffer(), 0x7c00);
      case BF16 -> firstWithExponent(data.asShortBuffer(), 0x7f80);
      case F32 -> firstWithExponent(data.asIntBuffer(), 0x7f800000);
      case F64 -> firstWithExponent(data.asLongBuffer(), 0x7ff0000000000000L);
      default -> throw notAFloat(dtype);
    };
  }

  private static IllegalArgumentException notAFloat(Dtype dtype) {
    return new IllegalArgumentException(dtype + " is not a float dtype");
  }

  private static int firstWithExponent(ShortBuffer values, int exponent) {
    short[] chunk = new short[SCAN_CHUNK];
    for (int start = 0; values.hasRemaining(); start += SCAN_CHUNK) {
      int length = Math.min(SCAN_CHUNK, values.remaining());
      values.get(chunk, 0, length);
      for (int i = 0; i < length; i++) {
        if ((chunk[i] & exponent) == exponent) {
          return start + i;
        }
      }
    }
    return -1;
  }

  private static int firstWithExponent(IntBuffer values, int exponent) {
    int[] chunk = new int[SCAN_CHUNK];
    for (int start = 0; values.hasRemaining(); start += SCAN_CHUNK) {
      int length = Math.min(SCAN_CHUNK, values.remaining());
      values.get(chunk, 0, length);
      for (int i = 0; i < length; i++) {
        if ((chunk[i] & exponent) == exponent) {
          return start + i;
        }
      }
    }
    return -1;
  }

  private static int firstWithExponent(LongBuffer values, long exponent) {
    long[] chunk = new long[SCAN_CHUNK];
    for (int start = 0; values.hasRemaining(); start += SCAN_CHUNK) {
      int length = Math.min(SCAN_CHUNK, values.remaining());
      values.get(chunk, 0, length);
      for (int i = 0; i < length; i++) {
        if ((chunk[i] & exponent) == exponent) {
          return start + i;
        }
      }
    }
    return -1;
  }
}
