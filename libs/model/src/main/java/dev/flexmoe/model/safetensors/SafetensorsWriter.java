package dev.flexmoe.model.safetensors;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Collects tensors and writes them as one safetensors file whose bytes depend only on the tensors
 * and metadata, never on the order they were added in: artifacts are identified by their SHA-256,
 * so the same expert must always hash the same.
 *
 * <p>Layout: the header is compact JSON with {@code __metadata__} first (keys sorted), then the
 * tensors sorted by name, each as {@code {"dtype":…,"shape":[…],"data_offsets":[begin,end]}},
 * padded with spaces to a multiple of 8 bytes as the reference implementation does; the buffer
 * holds the tensors in the same order, back to back. Every file written here passes {@link
 * SafetensorsReader} with its defaults (within its size limits): names, values and shapes are
 * checked when a tensor is added, and the input arrays are copied then.
 *
 * <p>An instance is a mutable builder for one file, to be used from one thread.
 */
public final class SafetensorsWriter {

  private static final JsonFactory JSON = JsonFactory.builder().build();
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  private record Entry(Dtype dtype, long[] shape, byte[] data) {}

  private final SortedMap<String, String> metadata = new TreeMap<>();
  private final SortedMap<String, Entry> tensors = new TreeMap<>();

  /** Adds a {@code __metadata__} entry. */
  public SafetensorsWriter putMetadata(String key, String value) {
    requireEncodable(key, "metadata key");
    requireEncodable(value, "metadata value of '" + key + "'");
    if (metadata.putIfAbsent(key, value) != null) {
      throw new IllegalArgumentException("metadata key '" + key + "' was already added");
    }
    return this;
  }

  /** Adds an F32 tensor; values are row-major. */
  public SafetensorsWriter putF32(String name, long[] shape, float[] values) {
    checkTensor(name, shape, values.length);
    ByteBuffer data = allocate(name, values.length, Dtype.F32);
    for (int i = 0; i < values.length; i++) {
      requireFinite(name, i, values[i]);
      data.putFloat(values[i]);
    }
    return add(name, Dtype.F32, shape, data);
  }

  /**
   * Adds an F16 tensor from float values, each rounded to the nearest half (ties to even). Values
   * that would round to an infinity (magnitude 65520 or more) are refused.
   */
  public SafetensorsWriter putF16(String name, long[] shape, float[] values) {
    checkTensor(name, shape, values.length);
    ByteBuffer data = allocate(name, values.length, Dtype.F16);
    for (int i = 0; i < values.length; i++) {
      requireFinite(name, i, values[i]);
      short half = Float16.fromFloat(values[i]);
      if ((half & 0x7C00) == 0x7C00) {
        throw new IllegalArgumentException(
            "tensor '"
                + name
                + "': element "
                + i
                + " ("
                + values[i]
                + ") is beyond the float16 range of ±"
                + Float16.MAX_VALUE
                + "; write it as F32");
      }
      data.putShort(half);
    }
    return add(name, Dtype.F16, shape, data);
  }

  /** Adds an I64 tensor; values are row-major. */
  public SafetensorsWriter putI64(String name, long[] shape, long[] values) {
    checkTensor(name, shape, values.length);
    ByteBuffer data = allocate(name, values.length, Dtype.I64);
    data.asLongBuffer().put(values);
    return add(name, Dtype.I64, shape, data);
  }

  /** The whole file in memory. */
  public byte[] toBytes() {
    byte[] header = header();
    long total = header.length;
    for (Entry entry : tensors.values()) {
      total += entry.data().length;
    }
    if (total > MAX_ARRAY) {
      throw new IllegalStateException(
          "the file would have " + total + " bytes, too many for one array; use write(Path)");
    }
    ByteBuffer file = ByteBuffer.allocate((int) total).put(header);
    tensors.values().forEach(entry -> file.put(entry.data()));
    return file.array();
  }

  /**
   * Writes the file to {@code target}, replacing any file there. The bytes go to a temporary file
   * in the same directory, are forced to disk, and the temporary file is then renamed atomically:
   * readers see the old file or the complete new one, never a partial one, even after a crash.
   */
  public void write(Path target) throws IOException {
    Path directory = target.toAbsolutePath().getParent();
    Path temp = directory.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (FileChannel channel =
          FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        writeFully(channel, header());
        for (Entry entry : tensors.values()) {
          writeFully(channel, entry.data());
        }
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    syncDirectory(directory);
  }

  private static void writeFully(FileChannel channel, byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /** Makes the rename itself durable: on Linux a directory entry is only on disk once synced. */
  private static void syncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /** The length prefix and the padded JSON header. */
  private byte[] header() {
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    try (JsonGenerator generator = JSON.createGenerator(json, JsonEncoding.UTF8)) {
      generator.writeStartObject();
      if (!metadata.isEmpty()) {
        generator.writeObjectFieldStart(TensorNameRule.METADATA_KEY);
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
          generator.writeStringField(entry.getKey(), entry.getValue());
        }
        generator.writeEndObject();
      }
      long offset = 0;
      for (Map.Entry<String, Entry> tensor : tensors.entrySet()) {
        Entry entry = tensor.getValue();
        generator.writeObjectFieldStart(tensor.getKey());
        generator.writeStringField("dtype", entry.dtype().name());
        generator.writeArrayFieldStart("shape");
        for (long dim : entry.shape()) {
          generator.writeNumber(dim);
        }
        generator.writeEndArray();
        generator.writeArrayFieldStart("data_offsets");
        generator.writeNumber(offset);
        offset += entry.data().length;
        generator.writeNumber(offset);
        generator.writeEndArray();
        generator.writeEndObject();
      }
      generator.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the header to memory", e);
    }
    int padding = (8 - json.size() % 8) % 8;
    for (int i = 0; i < padding; i++) {
      json.write(' ');
    }
    return ByteBuffer.allocate(8 + json.size())
        .order(ByteOrder.LITTLE_ENDIAN)
        .putLong(json.size())
        .put(json.toByteArray())
        .array();
  }

  private void checkTensor(String name, long[] shape, int valueCount) {
    TensorNameRule.problem(name)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(
                  "tensor name " + TensorNameRule.quote(name) + " " + problem);
            });
    if (tensors.containsKey(name)) {
      throw new IllegalArgumentException("tensor '" + name + "' was already added");
    }
    long elements = 1;
    for (long dim : shape) {
      if (dim < 0) {
        throw new IllegalArgumentException(
            "tensor '" + name + "': shape " + Arrays.toString(shape) + " has a negative dimension");
      }
      try {
        // The reader multiplies the same way, so a shape it would refuse is refused here too.
        elements = Math.multiplyExact(elements, dim);
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException(
            "tensor '" + name + "': shape " + Arrays.toString(shape) + " is too large", e);
      }
    }
    if (elements != valueCount) {
      throw new IllegalArgumentException(
          "tensor '"
              + name
              + "': shape "
              + Arrays.toString(shape)
              + " holds "
              + elements
              + " elements but "
              + valueCount
              + " values were given");
    }
  }

  private static ByteBuffer allocate(String name, int valueCount, Dtype dtype) {
    long bytes = (long) valueCount * dtype.byteSize();
    if (bytes > MAX_ARRAY) {
      throw new IllegalArgumentException(
          "tensor '" + name + "' has " + bytes + " bytes; one tensor must stay under 2 GiB");
    }
    return ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  private SafetensorsWriter add(String name, Dtype dtype, long[] shape, ByteBuffer data) {
    tensors.put(name, new Entry(dtype, shape.clone(), data.array()));
    return this;
  }

  private static void requireFinite(String name, int index, float value) {
    if (!Float.isFinite(value)) {
      throw new IllegalArgumentException(
          "tensor '"
              + name
              + "': element "
              + index
              + " is "
              + value
              + "; safetensors files here hold only finite values");
    }
  }

  private static void requireEncodable(String text, String what) {
    int surrogate = TensorNameRule.unpairedSurrogateIndex(text);
    if (surrogate >= 0) {
      throw new IllegalArgumentException(
          what + " has an unpaired surrogate at index " + surrogate + " and has no UTF-8 form");
    }
  }
}
