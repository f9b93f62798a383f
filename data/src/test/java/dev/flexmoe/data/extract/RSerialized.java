package dev.flexmoe.data.extract;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;

/** Builds R's serialization bytes and .rdb chunks, as R writes them, for fixtures. */
final class RSerialized {

  static final int UTF8 = 1 << 3;
  static final int ASCII = 1 << 6;
  static final int LATIN1 = 1 << 2;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final DataOutputStream out = new DataOutputStream(bytes);

  /** The header of {@code serialize(x, NULL, xdr = TRUE, version = version)}. */
  static RSerialized header(int version) {
    RSerialized r = new RSerialized();
    r.raw("X\n".getBytes(StandardCharsets.US_ASCII));
    r.integer(version);
    r.integer(0x00040201); // written by R 4.2.1
    r.integer(version == 3 ? 0x00030500 : 0x00020300);
    if (version == 3) {
      r.integer(5);
      r.raw("UTF-8".getBytes(StandardCharsets.US_ASCII));
    }
    return r;
  }

  /** A character vector whose elements are marked ASCII or UTF-8 as R marks them; null is NA. */
  static byte[] characterVector(String... elements) {
    RSerialized r = header(3).integer(16).integer(elements.length);
    for (String element : elements) {
      if (element == null) {
        r.integer(9).integer(-1);
      } else {
        byte[] utf8 = element.getBytes(StandardCharsets.UTF_8);
        boolean ascii = utf8.length == element.length();
        r.charsxp(ascii ? ASCII : UTF8, utf8);
      }
    }
    return r.toByteArray();
  }

  RSerialized charsxp(int levels, byte[] content) {
    integer((levels << 12) | 9);
    integer(content.length);
    return raw(content);
  }

  RSerialized integer(int value) {
    try {
      out.writeInt(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  RSerialized raw(byte[] content) {
    bytes.writeBytes(content);
    return this;
  }

  byte[] toByteArray() {
    return bytes.toByteArray();
  }

  /** An .rdb file: each object as [4-byte big-endian length][zlib stream]. */
  static byte[] rdb(byte[]... objects) {
    ByteArrayOutputStream rdb = new ByteArrayOutputStream();
    for (byte[] object : objects) {
      Deflater deflater = new Deflater();
      deflater.setInput(object);
      deflater.finish();
      byte[] buffer = new byte[object.length + 64];
      int compressed = deflater.deflate(buffer);
      deflater.end();
      rdb.writeBytes(
          new byte[] {
            (byte) (object.length >>> 24),
            (byte) (object.length >>> 16),
            (byte) (object.length >>> 8),
            (byte) object.length
          });
      rdb.write(buffer, 0, compressed);
    }
    return rdb.toByteArray();
  }
}
