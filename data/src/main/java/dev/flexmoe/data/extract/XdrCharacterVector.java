package dev.flexmoe.data.extract;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an R character vector from R's XDR serialization format ({@code serialize(x, NULL, xdr =
 * TRUE)}, versions 2 and 3), and nothing else: any other object is refused.
 *
 * <p>Layout, every integer a 4-byte big-endian int: {@code "X\n"}, format version, writer R
 * version, minimal reader R version, then (version 3 only) the native encoding as a length and
 * bytes; then the object: flags (SEXP type in the low byte; 16 = STRSXP), length (-1 means a long
 * length follows as two ints), then per element a CHARSXP: flags (type 9; encoding bits in the
 * "levels" above bit 12), byte length (-1 = NA) and the bytes. Attributes, if flagged, follow the
 * elements and are not read.
 */
public final class XdrCharacterVector {

  private static final int STRSXP = 16;
  private static final int CHARSXP = 9;
  private static final int LATIN1_MASK = 1 << 2;
  private static final int UTF8_MASK = 1 << 3;
  private static final int ASCII_MASK = 1 << 6;

  private XdrCharacterVector() {}

  /** The elements; an NA element is {@code null}. */
  public static List<String> decode(byte[] serialized) {
    ByteBuffer in = ByteBuffer.wrap(serialized);
    try {
      if (serialized.length < 2 || serialized[0] != 'X' || serialized[1] != '\n') {
        throw new IllegalArgumentException(
            "not an XDR-serialized R object (it does not start with \"X\\n\")");
      }
      in.position(2);
      int version = in.getInt();
      if (version != 2 && version != 3) {
        throw new IllegalArgumentException("unsupported R serialization version " + version);
      }
      in.getInt(); // the R version that wrote it
      in.getInt(); // the oldest R version that can read it
      Charset nativeEncoding = StandardCharsets.UTF_8;
      if (version == 3) {
        byte[] name = new byte[in.getInt()];
        in.get(name);
        nativeEncoding = charset(new String(name, StandardCharsets.US_ASCII));
      }
      int flags = in.getInt();
      if ((flags & 0xFF) != STRSXP) {
        throw new IllegalArgumentException(
            "the R object is of SEXP type " + (flags & 0xFF) + ", not a character vector (16)");
      }
      long length = in.getInt();
      if (length == -1) {
        length = ((long) in.getInt() << 32) | (in.getInt() & 0xFFFFFFFFL);
      }
      if (length < 0 || length > in.remaining() / 8) {
        throw new IllegalArgumentException("implausible character vector length " + length);
      }
      List<String> elements = new ArrayList<>((int) length);
      for (long i = 0; i < length; i++) {
        elements.add(element(in, i, nativeEncoding));
      }
      return elements;
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException(
          "truncated R serialization (" + serialized.length + " bytes)", e);
    }
  }

  private static String element(ByteBuffer in, long index, Charset nativeEncoding) {
    int flags = in.getInt();
    if ((flags & 0xFF) != CHARSXP) {
      throw new IllegalArgumentException(
          "element " + index + " is of SEXP type " + (flags & 0xFF) + ", not a string (9)");
    }
    int length = in.getInt();
    if (length == -1) {
      return null;
    }
    if (length < 0 || length > in.remaining()) {
      throw new IllegalArgumentException("element " + index + " has a bad length " + length);
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    int levels = flags >>> 12;
    Charset encoding;
    if ((levels & (UTF8_MASK | ASCII_MASK)) != 0) {
      encoding = StandardCharsets.UTF_8;
    } else if ((levels & LATIN1_MASK) != 0) {
      encoding = StandardCharsets.ISO_8859_1;
    } else {
      encoding = nativeEncoding;
    }
    return new String(bytes, encoding);
  }

  private static Charset charset(String name) {
    return switch (name.toUpperCase(java.util.Locale.ROOT)) {
      case "UTF-8", "UTF8" -> StandardCharsets.UTF_8;
      case "LATIN1", "ISO-8859-1", "ISO8859-1" -> StandardCharsets.ISO_8859_1;
      default -> Charset.isSupported(name) ? Charset.forName(name) : StandardCharsets.UTF_8;
    };
  }
}
