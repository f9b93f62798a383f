package dev.flexmoe.data.extract;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The objects of an R lazy-load database ({@code .rdb}): back-to-back chunks of {@code [4-byte
 * big-endian uncompressed length][zlib stream]}, each the serialization of one R object. The {@code
 * .rdx} index that names them is not needed to read them in order.
 */
public final class RdbChunks {

  private RdbChunks() {}

  /** The decompressed chunks, in file order. */
  public static List<byte[]> read(byte[] rdb) {
    List<byte[]> chunks = new ArrayList<>();
    int position = 0;
    while (position < rdb.length) {
      if (rdb.length - position < 6) {
        throw new IllegalArgumentException(
            "truncated .rdb: " + (rdb.length - position) + " stray bytes at " + position);
      }
      int length = ByteBuffer.wrap(rdb, position, 4).getInt();
      if (length < 0) {
        throw new IllegalArgumentException("bad chunk length " + length + " at offset " + position);
      }
      if ((rdb[position + 4] & 0x0F) != 8) {
        // R's other formats put a type byte ('2' bzip2, 'Z' xz, '0' none) before the data.
        throw new IllegalArgumentException(
            "the chunk at offset "
                + position
                + " is not zlib-compressed (only zlib .rdb files are read)");
      }
      Inflater inflater = new Inflater();
      try {
        inflater.setInput(rdb, position + 4, rdb.length - position - 4);
        byte[] chunk = new byte[length];
        int filled = 0;
        while (filled < length && !inflater.finished()) {
          int n = inflater.inflate(chunk, filled, length - filled);
          if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
            break;
          }
          filled += n;
        }
        if (filled != length || !inflater.finished()) {
          throw new IllegalArgumentException(
              "the chunk at offset "
                  + position
                  + " does not inflate to its stated "
                  + length
                  + " bytes");
        }
        chunks.add(chunk);
        position += 4 + (int) inflater.getBytesRead();
      } catch (DataFormatException e) {
        throw new IllegalArgumentException(
            "corrupt zlib data in the chunk at offset " + position, e);
      } finally {
        inflater.end();
      }
    }
    return chunks;
  }
}
