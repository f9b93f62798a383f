package dev.flexmoe.model.safetensors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One tensor of a {@link SafetensorsFile}: its dtype, shape and little-endian, row-major bytes. The
 * accessors return fresh arrays, so callers may keep or change them.
 */
public final class SafetensorsTensor {

  private final String name;
  private final Dtype dtype;
  private final long[] shape;
  private final ByteBuffer data;

  SafetensorsTensor(String name, Dtype dtype, long[] shape, ByteBuffer data) {
    this.name = name;
    this.dtype = dtype;
    this.shape = shape.clone();
    this.data = data.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  public String name() {
    return name;
  }

  public Dtype dtype() {
    return dtype;
  }

  /** The dimensions, outermost first; empty for a scalar. */
  public long[] shape() {
    return shape.clone();
  }

  /** The number of elements: the product of the shape (1 for a scalar). */
  public int elementCount() {
    return data.capacity() / dtype.byteSize();
  }

  /** The values of an F32 tensor, or of an F16 tensor widened exactly to float. */
  public float[] toFloatArray() {
    float[] values = new float[elementCount()];
    switch (dtype) {
      case F32 -> data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
      case F16 -> {
        for (int i = 0; i < values.length; i++) {
          values[i] = Float16.toFloat(data.getShort(2 * i));
        }
      }
      default -> throw notA("float", "F32 or F16");
    }
    return values;
  }

  /** The values of an I64 tensor. */
  public long[] toLongArray() {
    if (dtype != Dtype.I64) {
      throw notA("long", "I64");
    }
    long[] values = new long[elementCount()];
    data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(values);
    return values;
  }

  /** The tensor's bytes as stored: little-endian, row-major. */
  public byte[] toByteArray() {
    byte[] bytes = new byte[data.capacity()];
    data.duplicate().get(bytes);
    return bytes;
  }

  private IllegalStateException notA(String type, String dtypes) {
    return new IllegalStateException(
        "tensor '"
            + name
            + "' is "
            + dtype
            + ": only "
            + dtypes
            + " tensors read as "
            + type
            + " values (use toByteArray() for the raw bytes)");
  }

  @Override
  public String toString() {
    return name + " " + dtype + Arrays.toString(shape);
  }
}
