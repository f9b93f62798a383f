package dev.flexmoe.model.safetensors;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads safetensors files that may come from anyone (expert uploads), refusing everything the
 * format does not allow and everything this project's policy does not accept. Each refusal is a
 * {@link SafetensorsFormatException} with its {@link Violation}.
 *
 * <p>Memory safety: the header length is checked against the limit and the real file size before
 * the header is read, every offset is checked against the real buffer size before it is used, and
 * the byte buffer is read only after the whole header passed. {@link #read(Path)} copies the buffer
 * into heap for callers that need the values; {@link #check(Path)} judges a file of any size by the
 * same rules without copying it. An instance is immutable and can be shared.
 */
public final class SafetensorsReader {

  /** Headers of real checkpoints are kilobytes; 16 MiB leaves room for hundreds of thousands. */
  public static final long DEFAULT_MAX_HEADER_BYTES = 16L << 20;

  /**
   * F32, F16 and I64: what the model uses. BF16 is left out on purpose: DJL's PyTorch engine aborts
   * the JVM when it creates or converts a bf16 array, so such a file must never get that far.
   */
  public static final Set<Dtype> DEFAULT_ALLOWED_DTYPES =
      Collections.unmodifiableSet(EnumSet.of(Dtype.F32, Dtype.F16, Dtype.I64));

  private static final int LENGTH_PREFIX = 8;

  /** The largest byte array the JVM reliably allocates. */
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  private static final long MAP_WINDOW = 1L << 30;

  private final long maxHeaderBytes;
  private final Set<Dtype> allowedDtypes;

  /** A reader with {@link #DEFAULT_MAX_HEADER_BYTES} and {@link #DEFAULT_ALLOWED_DTYPES}. */
  public SafetensorsReader() {
    this(DEFAULT_MAX_HEADER_BYTES, DEFAULT_ALLOWED_DTYPES);
  }

  private SafetensorsReader(long maxHeaderBytes, Set<Dtype> allowedDtypes) {
    this.maxHeaderBytes = maxHeaderBytes;
    this.allowedDtypes = allowedDtypes;
  }

  /** A reader that refuses headers longer than {@code maxHeaderBytes}. */
  public SafetensorsReader withMaxHeaderBytes(long maxHeaderBytes) {
    if (maxHeaderBytes < 2 || maxHeaderBytes > MAX_ARRAY) {
      throw new IllegalArgumentException(
          "maxHeaderBytes must be between 2 and " + MAX_ARRAY + ", was " + maxHeaderBytes);
    }
    return new SafetensorsReader(maxHeaderBytes, allowedDtypes);
  }

  /** A reader that accepts exactly these dtypes. */
  public SafetensorsReader withAllowedDtypes(Set<Dtype> allowedDtypes) {
    if (allowedDtypes.isEmpty()) {
      throw new IllegalArgumentException("at least one dtype must be allowed");
    }
    return new SafetensorsReader(
        maxHeaderBytes, Collections.unmodifiableSet(EnumSet.copyOf(allowedDtypes)));
  }

  /**
   * Reads a whole file held in memory. The file's bytes are copied, so changing the array later
   * changes nothing that was checked.
   */
  public SafetensorsFile read(byte[] file) {
    if (file.length < LENGTH_PREFIX) {
      throw tooShort(file.length);
    }
    long headerLength = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    checkHeaderLength(headerLength, file.length - LENGTH_PREFIX);
    int bufferStart = LENGTH_PREFIX + (int) headerLength;
    Header header = HeaderParser.parse(Arrays.copyOfRange(file, LENGTH_PREFIX, bufferStart));
    List<Placed> placed = place(header, file.length - bufferStart);
    ByteBuffer buffer = ByteBuffer.wrap(Arrays.copyOfRange(file, bufferStart, file.length));
    return assemble(header, placed, buffer);
  }

  /**
   * Reads a file from disk. The header is read and checked before the byte buffer, so a file with a
   * bad header costs only its header to refuse.
   *
   * @throws IOException when the file cannot be read (a format problem is a {@link
   *     SafetensorsFormatException})
   */
  public SafetensorsFile read(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      Layout layout = readLayout(channel);
      if (layout.bufferLength() > MAX_ARRAY) {
        throw new SafetensorsFormatException(
            Violation.FILE_TOO_LARGE,
            null,
            "the byte buffer holds "
                + layout.bufferLength()
                + " bytes; files over 2 GiB are not supported (split the checkpoint into shards)");
      }
      ByteBuffer buffer = readFully(channel, layout.bufferStart(), (int) layout.bufferLength());
      return assemble(layout.header(), layout.placed(), buffer);
    }
  }

  /**
   * Checks a file on disk by the same rules as {@link #read(Path)}, with the same violations and
   * messages, but keeps none of its tensors: each float tensor's bytes are mapped, a window at a
   * time, and scanned in place. A check costs the header in heap whatever the file's size, and a
   * file or a tensor may be larger than 2 GiB. The file must not shrink while it is checked.
   *
   * @return the file's metadata and each tensor's dtype, shape and data_offsets
   * @throws IOException when the file cannot be read (a format problem is a {@link
   *     SafetensorsFormatException})
   */
  public SafetensorsIndex check(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      Layout layout = readLayout(channel);
      List<SafetensorsIndex.Tensor> tensors = new ArrayList<>();
      for (Placed p : layout.placed()) {
        Header.Entry entry = p.entry();
        if (p.dtype().isFloatingPoint()) {
          checkFiniteMapped(channel, layout.bufferStart(), entry, p.dtype());
        }
        tensors.add(
            new SafetensorsIndex.Tensor(
                entry.name(), p.dtype(), entry.shape(), entry.begin(), entry.end()));
      }
      return new SafetensorsIndex(layout.header().metadata(), tensors);
    }
  }

  /** A checked header and where its byte buffer lies in the file. */
  private record Layout(Header header, List<Placed> placed, long bufferStart, long bufferLength) {}

  /** Reads and checks the header; the byte buffer is not touched. */
  private Layout readLayout(FileChannel channel) throws IOException {
    long size = channel.size();
    if (size < LENGTH_PREFIX) {
      throw tooShort(size);
    }
    long headerLength =
        readFully(channel, 0, LENGTH_PREFIX).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    checkHeaderLength(headerLength, size - LENGTH_PREFIX);
    Header header =
        HeaderParser.parse(readFully(channel, LENGTH_PREFIX, (int) headerLength).array());
    long bufferStart = LENGTH_PREFIX + headerLength;
    long bufferLength = size - bufferStart;
    return new Layout(header, place(header, bufferLength), bufferStart, bufferLength);
  }

  /**
   * Scans a tensor in mapped windows: a mapping holds at most 2 GiB, and a window of 1 GiB is a
   * whole number of elements of every dtype. The mapping is the page cache's, not heap.
   */
  private static void checkFiniteMapped(
      FileChannel channel, long bufferStart, Header.Entry entry, Dtype dtype) throws IOException {
    for (long begin = entry.begin(); begin < entry.end(); begin += MAP_WINDOW) {
      long length = Math.min(MAP_WINDOW, entry.end() - begin);
      ByteBuffer window = channel.map(FileChannel.MapMode.READ_ONLY, bufferStart + begin, length);
      FiniteValues.check(entry.name(), dtype, window, (begin - entry.begin()) / dtype.byteSize());
    }
  }

  private static SafetensorsFormatException tooShort(long size) {
    return new SafetensorsFormatException(
        Violation.FILE_TOO_SHORT,
        null,
        "file has "
            + size
            + " bytes, fewer than the 8 of the header length: it is not a safetensors file");
  }

  private void checkHeaderLength(long headerLength, long available) {
    // The length is unsigned: a negative long is a value of 2^63 or more.
    if (headerLength < 0 || headerLength > maxHeaderBytes) {
      throw new SafetensorsFormatException(
          Violation.HEADER_TOO_LARGE,
          null,
          "header length "
              + Long.toUnsignedString(headerLength)
              + " is above the limit of "
              + maxHeaderBytes
              + " bytes");
    }
    if (headerLength > available) {
      throw new SafetensorsFormatException(
          Violation.HEADER_LENGTH_BEYOND_FILE,
          null,
          "header length "
              + headerLength
              + " is beyond the end of the file, which has only "
              + available
              + " bytes after the length (truncated file?)");
    }
  }

  private static ByteBuffer readFully(FileChannel channel, long position, int length)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new EOFException("the file got shorter while it was being read");
      }
    }
    return buffer.clear();
  }

  /** A header entry whose dtype is allowed and whose bytes lie within the buffer. */
  private record Placed(Header.Entry entry, Dtype dtype) {}

  /** Checks every entry against the policy and the buffer, then that they tile the buffer. */
  private List<Placed> place(Header header, long bufferLength) {
    List<Placed> placed = new ArrayList<>();
    for (Header.Entry entry : header.entries()) {
      Dtype dtype = allowedDtype(entry);
      checkSize(entry, dtype);
      if (entry.end() > bufferLength) {
        throw new SafetensorsFormatException(
            Violation.OFFSETS_OUT_OF_BOUNDS,
            entry.name(),
            tensor(entry)
                + ": data_offsets "
                + offsets(entry)
                + " end past the byte buffer, which has "
                + bufferLength
                + " bytes");
      }
      placed.add(new Placed(entry, dtype));
    }
    checkCoverage(placed, bufferLength);
    return placed;
  }

  private Dtype allowedDtype(Header.Entry entry) {
    Dtype dtype = Dtype.byHeaderName(entry.dtype()).orElse(null);
    if (dtype == null || !allowedDtypes.contains(dtype)) {
      String hint = dtype == Dtype.BF16 ? "; convert it to F32 before uploading" : "";
      throw new SafetensorsFormatException(
          Violation.DTYPE_NOT_ALLOWED,
          entry.name(),
          tensor(entry)
              + ": dtype "
              + TensorNameRule.quote(entry.dtype())
              + (dtype == null ? " is unknown" : " is not allowed")
              + " (allowed: "
              + allowedDtypes
              + ")"
              + hint);
    }
    return dtype;
  }

  private static void checkSize(Header.Entry entry, Dtype dtype) {
    long bytes;
    try {
      long elements = 1;
      for (long dim : entry.shape()) {
        elements = Math.multiplyExact(elements, dim);
      }
      bytes = Math.multiplyExact(elements, dtype.byteSize());
    } catch (ArithmeticException e) {
      throw new SafetensorsFormatException(
          Violation.SIZE_MISMATCH,
          entry.name(),
          tensor(entry) + ": shape " + Arrays.toString(entry.shape()) + " is too large");
    }
    long stored = entry.end() - entry.begin();
    if (bytes != stored) {
      throw new SafetensorsFormatException(
          Violation.SIZE_MISMATCH,
          entry.name(),
          tensor(entry)
              + ": shape "
              + Arrays.toString(entry.shape())
              + " of "
              + dtype
              + " needs "
              + bytes
              + " bytes but data_offsets "
              + offsets(entry)
              + " hold "
              + stored);
    }
  }

  /**
   * The format requires the tensors to cover the buffer exactly, without overlap: bytes that belong
   * to no tensor could carry anything past every check, and shared bytes would make two tensors
   * one.
   */
  private static void checkCoverage(List<Placed> placed, long bufferLength) {
    List<Header.Entry> byOffset = new ArrayList<>();
    placed.forEach(p -> byOffset.add(p.entry()));
    byOffset.sort(
        Comparator.comparingLong(Header.Entry::begin).thenComparingLong(Header.Entry::end));
    long covered = 0;
    Header.Entry previous = null;
    for (Header.Entry entry : byOffset) {
      if (entry.begin() < covered) {
        throw new SafetensorsFormatException(
            Violation.OVERLAPPING_TENSORS,
            entry.name(),
            tensor(entry)
                + ": data_offsets "
                + offsets(entry)
                + " overlap those of "
                + tensor(previous)
                + " "
                + offsets(previous));
      }
      if (entry.begin() > covered) {
        throw new SafetensorsFormatException(
            Violation.GAP_IN_BUFFER,
            entry.name(),
            "bytes ["
                + covered
                + ", "
                + entry.begin()
                + ") before "
                + tensor(entry)
                + " belong to no tensor");
      }
      covered = entry.end();
      previous = entry;
    }
    if (covered < bufferLength) {
      throw new SafetensorsFormatException(
          Violation.TRAILING_BYTES,
          previous == null ? null : previous.name(),
          "bytes ["
              + covered
              + ", "
              + bufferLength
              + ") after "
              + (previous == null ? "the header, which names no tensor," : tensor(previous))
              + " belong to no tensor");
    }
  }

  private static SafetensorsFile assemble(Header header, List<Placed> placed, ByteBuffer buffer) {
    Map<String, SafetensorsTensor> tensors = new LinkedHashMap<>();
    for (Placed p : placed) {
      Header.Entry entry = p.entry();
      ByteBuffer data =
          buffer
              .duplicate()
              .position((int) entry.begin())
              .limit((int) entry.end())
              .slice()
              .order(ByteOrder.LITTLE_ENDIAN);
      if (p.dtype().isFloatingPoint()) {
        FiniteValues.check(entry.name(), p.dtype(), data, 0);
      }
      tensors.put(
          entry.name(), new SafetensorsTensor(entry.name(), p.dtype(), entry.shape(), data));
    }
    return new SafetensorsFile(header.metadata(), tensors);
  }

  private static String tensor(Header.Entry entry) {
    return "tensor " + TensorNameRule.quote(entry.name());
  }

  private static String offsets(Header.Entry entry) {
    return "[" + entry.begin() + ", " + entry.end() + "]";
  }
}
