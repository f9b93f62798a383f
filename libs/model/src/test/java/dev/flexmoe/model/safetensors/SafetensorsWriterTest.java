package dev.flexmoe.model.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsWriterTest {

  private static final float[] AWKWARD_FLOATS = {
    0.0f,
    -0.0f,
    Float.MIN_VALUE, // smallest subnormal
    -Float.MIN_VALUE,
    Float.MIN_NORMAL,
    Math.nextDown(Float.MIN_NORMAL), // largest subnormal
    Float.MAX_VALUE,
    -Float.MAX_VALUE,
    1.0f / 3,
    Float.intBitsToFloat(0x0000_1234),
  };

  private final SafetensorsReader reader = new SafetensorsReader();

  private static SafetensorsWriter sample() {
    return new SafetensorsWriter()
        .putMetadata("format", "pt")
        .putMetadata("domain", "chemistry")
        .putF32("model.layers.0.mlp.gate.weight", new long[] {2, 5}, AWKWARD_FLOATS)
        .putF16("model.norm.weight", new long[] {3}, new float[] {1.0f, -0.0f, 0x1p-24f})
        .putI64("input_ids", new long[] {2, 2}, new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE})
        .putF32("scalar", new long[] {}, new float[] {42f})
        .putF32("empty", new long[] {0, 4}, new float[] {});
  }

  @Test
  void roundTripIsBitExact() {
    SafetensorsFile file = reader.read(sample().toBytes());

    float[] back = file.tensor("model.layers.0.mlp.gate.weight").toFloatArray();
    assertThat(back).hasSize(AWKWARD_FLOATS.length);
    for (int i = 0; i < back.length; i++) {
      assertThat(Float.floatToRawIntBits(back[i]))
          .as("element %d", i)
          .isEqualTo(Float.floatToRawIntBits(AWKWARD_FLOATS[i]));
    }
    SafetensorsTensor norm = file.tensor("model.norm.weight");
    assertThat(norm.dtype()).isEqualTo(Dtype.F16);
    assertThat(norm.toByteArray()).containsExactly(0x00, 0x3C, 0x00, 0x80, 0x01, 0x00);
    assertThat(Float.floatToRawIntBits(norm.toFloatArray()[1]))
        .isEqualTo(Float.floatToRawIntBits(-0.0f));
    assertThat(norm.toFloatArray()[2]).isEqualTo(0x1p-24f);
    assertThat(file.tensor("input_ids").toLongArray())
        .containsExactly(Long.MIN_VALUE, -1, 0, Long.MAX_VALUE);
    assertThat(file.tensor("input_ids").shape()).containsExactly(2, 2);
    assertThat(file.tensor("scalar").shape()).isEmpty();
    assertThat(file.tensor("scalar").toFloatArray()).containsExactly(42f);
    assertThat(file.tensor("empty").shape()).containsExactly(0, 4);
    assertThat(file.tensor("empty").toFloatArray()).isEmpty();
    assertThat(file.metadata())
        .containsExactly(Map.entry("domain", "chemistry"), Map.entry("format", "pt"));
    assertThat(file.names())
        .containsExactly(
            "empty", "input_ids", "model.layers.0.mlp.gate.weight", "model.norm.weight", "scalar");
  }

  @Test
  void sameTensorsGiveSameBytesWhateverTheOrderTheyWereAddedIn() {
    byte[] first = sample().toBytes();
    byte[] again = sample().toBytes();
    byte[] reordered =
        new SafetensorsWriter()
            .putF32("empty", new long[] {0, 4}, new float[] {})
            .putF32("scalar", new long[] {}, new float[] {42f})
            .putI64(
                "input_ids", new long[] {2, 2}, new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE})
            .putMetadata("domain", "chemistry")
            .putF16("model.norm.weight", new long[] {3}, new float[] {1.0f, -0.0f, 0x1p-24f})
            .putF32("model.layers.0.mlp.gate.weight", new long[] {2, 5}, AWKWARD_FLOATS)
            .putMetadata("format", "pt")
            .toBytes();

    assertThat(again).isEqualTo(first);
    assertThat(reordered).isEqualTo(first);
    assertThat(sha256(reordered)).isEqualTo(sha256(first));
  }

  @Test
  void headerIsCompactSortedAndPaddedToEightBytes() {
    byte[] bytes =
        new SafetensorsWriter()
            .putF32("b", new long[] {1}, new float[] {2f})
            .putF32("a", new long[] {2}, new float[] {1f, 1f})
            .putMetadata("z", "1")
            .putMetadata("y", "2")
            .toBytes();

    long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
    assertThat(headerLength % 8).isZero();
    assertThat(header.stripTrailing())
        .isEqualTo(
            "{\"__metadata__\":{\"y\":\"2\",\"z\":\"1\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}");
    assertThat(header.substring(header.stripTrailing().length())).matches(" *");
    assertThat(bytes).hasSize(8 + (int) headerLength + 12);
  }

  /**
   * The layout the reference implementation writes for one F32 tensor {@code attn.0} of shape [1,
   * 2, 3] holding 0..5, and for an empty file with metadata {@code framework=pt}: with one tensor
   * its dtype-then-name order and ours agree, so the bytes must be identical.
   */
  @Test
  void singleTensorFilesMatchTheReferenceLayout() {
    byte[] tensor =
        new SafetensorsWriter()
            .putF32("attn.0", new long[] {1, 2, 3}, new float[] {0, 1, 2, 3, 4, 5})
            .toBytes();
    String header = "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}";
    assertThat(header).hasSize(64);
    assertThat(tensor)
        .isEqualTo(
            SafetensorsBytes.concat(
                SafetensorsBytes.lengthPrefix(64),
                header.getBytes(StandardCharsets.UTF_8),
                SafetensorsBytes.f32(0, 1, 2, 3, 4, 5)));

    byte[] empty = new SafetensorsWriter().putMetadata("framework", "pt").toBytes();
    assertThat(empty)
        .isEqualTo(
            SafetensorsBytes.concat(
                SafetensorsBytes.lengthPrefix(40),
                "{\"__metadata__\":{\"framework\":\"pt\"}}     ".getBytes(StandardCharsets.UTF_8)));
    assertThat(new SafetensorsWriter().toBytes())
        .isEqualTo(
            SafetensorsBytes.concat(
                SafetensorsBytes.lengthPrefix(8), "{}      ".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void namesAndMetadataAreEscapedAndReadBack() {
    byte[] bytes =
        new SafetensorsWriter()
            .putMetadata("note", "line 1\nline \"2\" \\ ünïcödé \u0001")
            .putF32("layer.\"quoted\".ß.😀", new long[] {1}, new float[] {1f})
            .toBytes();

    SafetensorsFile file = reader.read(bytes);

    assertThat(file.metadata()).containsEntry("note", "line 1\nline \"2\" \\ ünïcödé \u0001");
    assertThat(file.names()).containsExactly("layer.\"quoted\".ß.😀");
  }

  @Test
  void writesAtomicallyTheSameBytesAsInMemory(@TempDir Path dir) throws IOException {
    Path target = dir.resolve("expert.safetensors");
    Files.writeString(target, "an older version");

    sample().write(target);

    assertThat(Files.readAllBytes(target)).isEqualTo(sample().toBytes());
    assertThat(reader.read(target).names()).hasSize(5);
    try (var listing = Files.list(dir)) {
      assertThat(listing).containsExactly(target); // no temporary file left behind
    }
  }

  @Test
  void aFailedWriteLeavesTheTargetAsItWasAndNoTemporaryFile(@TempDir Path dir) throws IOException {
    // A non-empty directory cannot be replaced, so the final rename fails.
    Path target = Files.createDirectory(dir.resolve("expert.safetensors"));
    Files.writeString(target.resolve("inside"), "kept");

    assertThatThrownBy(() -> sample().write(target)).isInstanceOf(IOException.class);

    try (var listing = Files.list(dir)) {
      assertThat(listing).containsExactly(target);
    }
    assertThat(Files.readString(target.resolve("inside"))).isEqualTo("kept");
  }

  @Test
  void refusesWhatTheReaderWouldRefuse() {
    SafetensorsWriter writer = new SafetensorsWriter();
    assertThatThrownBy(() -> writer.putF32("w", new long[] {2}, new float[] {1f, Float.NaN}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'w'")
        .hasMessageContaining("element 1 is NaN");
    assertThatThrownBy(() -> writer.putF16("h", new long[] {1}, new float[] {70000f}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'h'")
        .hasMessageContaining("float16 range");
    assertThatThrownBy(() -> writer.putF32("", new long[] {0}, new float[] {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is empty");
    assertThatThrownBy(() -> writer.putF32("__metadata__", new long[] {0}, new float[] {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reserved");
    assertThatThrownBy(() -> writer.putF32("w", new long[] {3}, new float[] {1f, 2f}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds 3 elements but 2 values");
    assertThatThrownBy(() -> writer.putI64("w", new long[] {-1}, new long[] {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative");
    assertThatThrownBy(() -> writer.putI64("w", new long[] {1L << 62, 4, 0}, new long[] {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too large");
    assertThatThrownBy(() -> writer.putMetadata("k", "\uD800"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unpaired surrogate");

    writer.putF32("w", new long[] {1}, new float[] {1f});
    assertThatThrownBy(() -> writer.putI64("w", new long[] {1}, new long[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already added");
  }

  @Test
  void inputArraysAreCopied() {
    float[] values = {1f, 2f};
    long[] shape = {2};
    SafetensorsWriter writer = new SafetensorsWriter().putF32("w", shape, values);
    values[0] = 99f;
    shape[0] = 7;

    SafetensorsTensor tensor = reader.read(writer.toBytes()).tensor("w");

    assertThat(tensor.toFloatArray()).containsExactly(1f, 2f);
    assertThat(tensor.shape()).containsExactly(2);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
