package dev.flexmoe.registry;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Hand-made safetensors bytes, for files no honest writer would produce. */
final class Raw {

  private Raw() {}

  /** An 8-byte little-endian header length, the header JSON, then {@code data}. */
  static byte[] safetensors(String header, byte[] data) {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + json.length + data.length)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putLong(json.length)
        .put(json)
        .put(data)
        .array();
  }

  /** The file with its header length replaced. */
  static byte[] withHeaderLength(byte[] file, long length) {
    byte[] copy = file.clone();
    ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putLong(0, length);
    return copy;
  }

  /** The file with its first stored float replaced by NaN. */
  static byte[] withNaN(byte[] file) {
    byte[] copy = file.clone();
    ByteBuffer buffer = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
    int dataStart = 8 + (int) buffer.getLong(0);
    buffer.putFloat(dataStart, Float.NaN);
    return copy;
  }

  static byte[] truncated(byte[] file, int dropBytes) {
    return Arrays.copyOf(file, file.length - dropBytes);
  }
}
