package dev.flexmoe.model.safetensors;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Hand-made safetensors bytes, for files no correct writer would produce. */
final class SafetensorsBytes {

  private SafetensorsBytes() {}

  /**
   * A file of a header and a buffer. The header is written with single quotes for readability and
   * gets double quotes here; it is used as given, without padding.
   */
  static byte[] file(String header, byte[] buffer) {
    byte[] json = header.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    return concat(lengthPrefix(json.length), json, buffer);
  }

  /** A file of a raw header length and the bytes after it. */
  static byte[] file(long headerLength, byte[] rest) {
    return concat(lengthPrefix(headerLength), rest);
  }

  static byte[] lengthPrefix(long headerLength) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerLength).array();
  }

  static byte[] f32(float... values) {
    ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float value : values) {
      buffer.putFloat(value);
    }
    return buffer.array();
  }

  static byte[] f16(int... halves) {
    ByteBuffer buffer = ByteBuffer.allocate(2 * halves.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int half : halves) {
      buffer.putShort((short) half);
    }
    return buffer.array();
  }

  static byte[] i64(long... values) {
    ByteBuffer buffer = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long value : values) {
      buffer.putLong(value);
    }
    return buffer.array();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  static byte[] zeros(int length) {
    return new byte[length];
  }
}
