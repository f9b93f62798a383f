package dev.flexmoe.model.safetensors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged files, at every position: the reader may accept a mutation that happens to stay valid (a
 * changed weight), but anything it refuses it refuses with a {@link SafetensorsFormatException} —
 * never an index, arithmetic, JSON or out-of-memory error. The mapped check must reach the same
 * verdict with the same message on every one.
 */
class SafetensorsFuzzTest {

  private static final byte[] VALID =
      new SafetensorsWriter()
          .putMetadata("format", "pt")
          .putMetadata("domain", "math")
          .putF32("model.layers.0.mlp.experts.1.up_proj.weight", new long[] {2, 3}, floats(6))
          .putF16("model.layers.0.mlp.gate.weight", new long[] {2, 2}, floats(4))
          .putI64("step", new long[] {}, new long[] {1234})
          .putF32("empty", new long[] {0}, new float[0])
          .toBytes();

  /** Byte values that steer a parser into trouble: quotes, brackets, digits, signs, extremes. */
  private static final byte[] NASTY = {
    0,
    1,
    (byte) 0x80,
    (byte) 0xFF,
    (byte) 0xC3,
    '"',
    '\\',
    '{',
    '}',
    '[',
    ']',
    ',',
    ':',
    '-',
    '0',
    '9',
    'e',
    '.',
    ' ',
    'n'
  };

  private final SafetensorsReader reader = new SafetensorsReader();

  @TempDir Path dir;

  @Test
  void theUndamagedFileIsValid() {
    assertThat(refusal(VALID)).isNull();
    assertThat(reader.read(VALID).names()).hasSize(4);
  }

  @Test
  void everyTruncationIsRefused() {
    for (int length = 0; length < VALID.length; length++) {
      SafetensorsFormatException refusal = refusal(Arrays.copyOf(VALID, length));
      assertThat(refusal)
          .as("refusal of the file truncated to %d of %d bytes", length, VALID.length)
          .isNotNull();
      assertThat(refusal.getMessage()).isNotBlank();
    }
  }

  @Test
  void everyByteReplacedByEveryNastyValueIsAcceptedOrRefusedCleanly() {
    for (int position = 0; position < VALID.length; position++) {
      for (byte value : NASTY) {
        byte[] damaged = VALID.clone();
        damaged[position] = value;
        readCleanly(damaged, "byte " + position + " set to " + value);
      }
      byte[] flipped = VALID.clone();
      flipped[position] ^= (byte) 0xFF;
      readCleanly(flipped, "byte " + position + " inverted");
    }
  }

  @Test
  void randomDamageIsAcceptedOrRefusedCleanly() {
    Random random = new Random(20240611);
    for (int round = 0; round < 20_000; round++) {
      byte[] damaged = VALID.clone();
      int changes = 1 + random.nextInt(4);
      for (int i = 0; i < changes; i++) {
        damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
      }
      if (random.nextBoolean()) {
        damaged = Arrays.copyOf(damaged, random.nextInt(damaged.length + 16));
      }
      readCleanly(damaged, "round " + round);
    }
  }

  @Test
  void damagedHeaderLengthsNeverAllocate() {
    // Each of the 8 length bytes set to each value: lengths up to 2^64 - 1.
    for (int position = 0; position < 8; position++) {
      for (int value = 0; value < 256; value++) {
        byte[] damaged = VALID.clone();
        damaged[position] = (byte) value;
        readCleanly(damaged, "length byte " + position + " set to " + value);
      }
    }
  }

  private void readCleanly(byte[] file, String damage) {
    try {
      SafetensorsFormatException refused = refusal(file);
      if (refused != null) {
        assertThat(refused.getMessage()).as(damage).isNotBlank();
        return;
      }
      // What was accepted must also be usable.
      for (SafetensorsTensor tensor : reader.read(file).tensors()) {
        if (tensor.dtype() == Dtype.I64) {
          tensor.toLongArray();
        } else {
          tensor.toFloatArray();
        }
      }
    } catch (RuntimeException | Error other) {
      throw new AssertionError(damage + ": " + other, other);
    }
  }

  private SafetensorsFormatException refusal(byte[] file) {
    return EntryPoints.refusal(reader, file, dir.resolve("damaged.safetensors"));
  }

  private static float[] floats(int count) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (i - count / 2f) / 3;
    }
    return values;
  }
}
