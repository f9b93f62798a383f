package dev.flexmoe.model.safetensors;

import static dev.flexmoe.model.safetensors.SafetensorsBytes.concat;
import static dev.flexmoe.model.safetensors.SafetensorsBytes.f16;
import static dev.flexmoe.model.safetensors.SafetensorsBytes.f32;
import static dev.flexmoe.model.safetensors.SafetensorsBytes.i64;
import static dev.flexmoe.model.safetensors.SafetensorsBytes.lengthPrefix;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Files laid out byte for byte as the reference Python library ({@code
 * safetensors.torch.save_file}, which calls the Rust {@code serialize}) writes them. Unlike our
 * writer it orders tensors by descending dtype (U64, I64, F64, F32, BF16, F16, ... in its enum
 * order) and then by name, puts the header keys in that buffer order, and pads the header with
 * spaces to a multiple of 8 bytes.
 */
class ReferenceLayoutTest {

  private final SafetensorsReader reader = new SafetensorsReader();

  /**
   *
   *
   * <pre>
   * save_file({"model.norm.weight": torch.tensor([1., 2.]),
   *            "lm_head.weight": torch.tensor([[1., 2.], [3., 4.]]),
   *            "bias": torch.tensor([0.5, -0.5], dtype=torch.float16),
   *            "ids": torch.tensor([1, 2, 3])},
   *           "fixture.safetensors", metadata={"format": "pt"})
   * </pre>
   */
  @Test
  void readsAFileOfTheReferenceWriter() {
    String header =
        "{\"__metadata__\":{\"format\":\"pt\"},"
            + "\"ids\":{\"dtype\":\"I64\",\"shape\":[3],\"data_offsets\":[0,24]},"
            + "\"lm_head.weight\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[24,40]},"
            + "\"model.norm.weight\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[40,48]},"
            + "\"bias\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[48,52]}}";
    int padding = (8 - header.length() % 8) % 8;
    assertThat(padding).isPositive(); // the fixture exercises the padding
    byte[] json = (header + " ".repeat(padding)).getBytes(StandardCharsets.UTF_8);
    byte[] file =
        concat(
            lengthPrefix(json.length),
            json,
            i64(1, 2, 3),
            f32(1, 2, 3, 4),
            f32(1, 2),
            f16(0x3800, 0xB800));

    SafetensorsFile read = reader.read(file);

    assertThat(read.metadata()).containsOnlyKeys("format").containsEntry("format", "pt");
    assertThat(read.names()).containsExactly("bias", "ids", "lm_head.weight", "model.norm.weight");
    assertThat(read.tensor("ids").toLongArray()).containsExactly(1, 2, 3);
    assertThat(read.tensor("lm_head.weight").shape()).containsExactly(2, 2);
    assertThat(read.tensor("lm_head.weight").toFloatArray()).containsExactly(1, 2, 3, 4);
    assertThat(read.tensor("model.norm.weight").toFloatArray()).containsExactly(1, 2);
    assertThat(read.tensor("bias").toFloatArray()).containsExactly(0.5f, -0.5f);
  }

  /** The reference writes a file without tensors as the header {@code {}} padded to 8 bytes. */
  @Test
  void readsAnEmptyFileOfTheReferenceWriter() {
    byte[] file = concat(lengthPrefix(8), "{}      ".getBytes(StandardCharsets.UTF_8));

    SafetensorsFile read = reader.read(file);

    assertThat(read.names()).isEmpty();
    assertThat(read.metadata()).isEmpty();
  }

  /** Files from older writers (or other tools) order tensors any way; only coverage matters. */
  @Test
  void acceptsTensorsInAnyOrderAndAnUnpaddedHeader() {
    byte[] file =
        SafetensorsBytes.file(
            "{'b':{'data_offsets':[4,8],'shape':[1],'dtype':'F32'},"
                + "'a':{'shape':[],'dtype':'F32','data_offsets':[0,4]},"
                + "'z':{'dtype':'I64','shape':[0],'data_offsets':[8,8]}}",
            f32(1, 2));

    SafetensorsFile read = reader.read(file);

    assertThat(read.tensor("a").toFloatArray()).containsExactly(1);
    assertThat(read.tensor("b").toFloatArray()).containsExactly(2);
    assertThat(read.tensor("z").toLongArray()).isEmpty();
  }
}
