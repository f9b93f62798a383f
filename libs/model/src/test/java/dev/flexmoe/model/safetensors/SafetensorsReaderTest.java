package dev.flexmoe.model.safetensors;

import static dev.flexmoe.model.safetensors.SafetensorsBytes.concat;
import static dev.flexmoe.model.safetensors.SafetensorsBytes.f16;
import static dev.flexmoe.model.safetensors.SafetensorsBytes.f32;
import static dev.flexmoe.model.safetensors.SafetensorsBytes.file;
import static dev.flexmoe.model.safetensors.SafetensorsBytes.zeros;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One test per {@link Violation}: the code, the tensor, and a message naming what is wrong. Every
 * refusal is asked of both the in-memory read and the mapped check, which must agree.
 */
class SafetensorsReaderTest {

  private static final String F32_PAIR = "'dtype':'F32','shape':[2],'data_offsets':[0,8]";

  private final SafetensorsReader reader = new SafetensorsReader();

  @TempDir Path scratch;

  private SafetensorsFormatException refused(byte[] file, Violation violation) {
    return refused(reader, file, violation);
  }

  /** The refusal of the in-memory read, which the mapped check gives as well. */
  private SafetensorsFormatException refused(
      SafetensorsReader reader, byte[] file, Violation violation) {
    SafetensorsFormatException e =
        EntryPoints.refusal(reader, file, scratch.resolve("checked.safetensors"));
    assertThat(e).as("refusal of the file").isNotNull();
    assertThat(e.violation()).as(e.getMessage()).isEqualTo(violation);
    return e;
  }

  private SafetensorsFormatException refusedHeader(String header, Violation violation) {
    return refused(file(header, f32(1, 2)), violation);
  }

  @Test
  void fileShorterThanTheLengthPrefix() {
    assertThat(refused(zeros(7), Violation.FILE_TOO_SHORT)).hasMessageContaining("7 bytes");
    assertThat(refused(zeros(0), Violation.FILE_TOO_SHORT)).hasMessageContaining("0 bytes");
  }

  @Test
  void headerLengthBeyondTheFile() {
    byte[] truncated = file(100, "{}".getBytes(StandardCharsets.UTF_8));

    assertThat(refused(truncated, Violation.HEADER_LENGTH_BEYOND_FILE))
        .hasMessageContaining("header length 100")
        .hasMessageContaining("only 2 bytes");
  }

  @Test
  void headerLengthAboveTheLimitIsRefusedBeforeAnythingIsAllocated() {
    SafetensorsReader strict = new SafetensorsReader().withMaxHeaderBytes(16);
    byte[] normal = file("{'w':{" + F32_PAIR + "}}", f32(1, 2));
    assertThat(refused(strict, normal, Violation.HEADER_TOO_LARGE))
        .hasMessageContaining("above the limit of 16 bytes");

    // 2^64 - 1 as an unsigned length, and 2^40: no reader may try to allocate either.
    assertThat(refused(file(-1L, zeros(8)), Violation.HEADER_TOO_LARGE))
        .hasMessageContaining("18446744073709551615");
    assertThat(refused(file(1L << 40, zeros(8)), Violation.HEADER_TOO_LARGE))
        .hasMessageContaining(String.valueOf(1L << 40));
    assertThat(SafetensorsReader.DEFAULT_MAX_HEADER_BYTES).isEqualTo(16 * 1024 * 1024);
  }

  @Test
  void headerNotUtf8() {
    byte[] json =
        concat(
            "{\"w".getBytes(StandardCharsets.US_ASCII),
            new byte[] {(byte) 0xC3, 0x28},
            "\":1}".getBytes(StandardCharsets.US_ASCII));
    assertThat(refused(file(json.length, json), Violation.HEADER_NOT_UTF8))
        .hasMessageContaining("UTF-8")
        .hasMessageContaining("byte 3");

    // An overlong encoding of '/' is not UTF-8 either, whatever lenient decoders make of it.
    byte[] overlong = {'{', '"', (byte) 0xC0, (byte) 0xAF, '"', ':', '1', '}'};
    refused(file(overlong.length, overlong), Violation.HEADER_NOT_UTF8);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "{'w':",
        "{'w':{'dtype':'F32'}",
        "{} {}",
        "{} x",
        "{'w':NaN}",
        "{'w':{'dtype':'F32',}}",
        "{w:1}",
        "{'w':01}"
      })
  void headerNotJson(String header) {
    assertThat(refusedHeader(header, Violation.HEADER_NOT_JSON)).hasMessageContaining("header");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1,2]", "'w'", "42", "null", "true"})
  void headerNotAnObject(String header) {
    assertThat(refusedHeader(header, Violation.HEADER_NOT_OBJECT))
        .hasMessageContaining("header must be a JSON object");
  }

  @Test
  void duplicateKeys() {
    SafetensorsFormatException tensor =
        refusedHeader("{'w':{" + F32_PAIR + "},'w':{" + F32_PAIR + "}}", Violation.DUPLICATE_KEY);
    assertThat(tensor).hasMessageContaining("'w' twice");
    assertThat(tensor.tensor()).contains("w");

    assertThat(
            refusedHeader(
                "{'w':{'dtype':'F32','dtype':'F32','shape':[2],'data_offsets':[0,8]}}",
                Violation.DUPLICATE_KEY))
        .hasMessageContaining("tensor 'w'")
        .hasMessageContaining("'dtype' appears twice");
    assertThat(
            refusedHeader(
                "{'__metadata__':{'a':'1','a':'2'},'w':{" + F32_PAIR + "}}",
                Violation.DUPLICATE_KEY))
        .hasMessageContaining("'__metadata__' has the key 'a' twice");
    assertThat(
            refusedHeader(
                "{'__metadata__':{},'__metadata__':{},'w':{" + F32_PAIR + "}}",
                Violation.DUPLICATE_KEY))
        .hasMessageContaining("'__metadata__' twice");
  }

  @Test
  void invalidTensorNames() {
    assertThat(refusedHeader("{'':{" + F32_PAIR + "}}", Violation.INVALID_TENSOR_NAME))
        .hasMessageContaining("is empty");
    SafetensorsFormatException control =
        refusedHeader("{'a\\u0007b':{" + F32_PAIR + "}}", Violation.INVALID_TENSOR_NAME);
    assertThat(control)
        .hasMessageContaining("'a\\u0007b'")
        .hasMessageContaining("control character U+0007 at index 1");
    assertThat(control.tensor()).contains("a\u0007b");
    assertThat(refusedHeader("{'a\\nb':{" + F32_PAIR + "}}", Violation.INVALID_TENSOR_NAME))
        .hasMessageContaining("control character U+000A");
    assertThat(refusedHeader("{'a\\ud800':{" + F32_PAIR + "}}", Violation.INVALID_TENSOR_NAME))
        .hasMessageContaining("unpaired surrogate at index 1");
    String tooLong = "x".repeat(513);
    assertThat(
            refusedHeader("{'" + tooLong + "':{" + F32_PAIR + "}}", Violation.INVALID_TENSOR_NAME))
        .hasMessageContaining("longer than 512 characters")
        .hasMessageContaining("'" + "x".repeat(80) + "...'");

    String longest = "😀".repeat(512); // 512 characters, 1024 UTF-16 units, 2048 UTF-8 bytes
    byte[] longestName = file("{'" + longest + "':{" + F32_PAIR + "}}", f32(1, 2));
    assertThat(EntryPoints.refusal(reader, longestName, scratch.resolve("longest.safetensors")))
        .isNull();
    assertThat(reader.read(longestName).names()).containsExactly(longest);
  }

  @Test
  void unknownFieldInATensorEntry() {
    SafetensorsFormatException e =
        refusedHeader("{'w':{" + F32_PAIR + ",'offsets':[0,8]}}", Violation.UNKNOWN_FIELD);

    assertThat(e).hasMessageContaining("tensor 'w'").hasMessageContaining("'offsets'");
    assertThat(e.tensor()).contains("w");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dtype", "shape", "data_offsets"})
  void missingField(String field) {
    String entry =
        switch (field) {
          case "dtype" -> "'shape':[2],'data_offsets':[0,8]";
          case "shape" -> "'dtype':'F32','data_offsets':[0,8]";
          default -> "'dtype':'F32','shape':[2]";
        };

    SafetensorsFormatException e = refusedHeader("{'w':{" + entry + "}}", Violation.MISSING_FIELD);

    assertThat(e).hasMessageContaining("tensor 'w': field '" + field + "' is missing");
    assertThat(e.tensor()).contains("w");
  }

  @Test
  void fieldsOfTheWrongJsonType() {
    assertThat(refusedHeader("{'w':[1,2]}", Violation.WRONG_FIELD_TYPE))
        .hasMessageContaining("tensor 'w': entry must be an object, found an array");
    assertThat(
            refusedHeader(
                "{'w':{'dtype':32,'shape':[2],'data_offsets':[0,8]}}", Violation.WRONG_FIELD_TYPE))
        .hasMessageContaining("tensor 'w': field 'dtype' must be a string, found a number");
    assertThat(
            refusedHeader(
                "{'w':{'dtype':'F32','shape':'2','data_offsets':[0,8]}}",
                Violation.WRONG_FIELD_TYPE))
        .hasMessageContaining("field 'shape' must be an array");
    assertThat(
            refusedHeader(
                "{'w':{'dtype':'F32','shape':[2],'data_offsets':{}}}", Violation.WRONG_FIELD_TYPE))
        .hasMessageContaining("field 'data_offsets' must be an array");
    assertThat(
            refusedHeader(
                "{'__metadata__':['pt'],'w':{" + F32_PAIR + "}}", Violation.WRONG_FIELD_TYPE))
        .hasMessageContaining("'__metadata__' must be an object");
  }

  @Test
  void dtypeNotInTheAllowlist() {
    SafetensorsFormatException bf16 =
        refused(
            file("{'w':{'dtype':'BF16','shape':[2],'data_offsets':[0,4]}}", f16(0x3F80, 0x4000)),
            Violation.DTYPE_NOT_ALLOWED);
    assertThat(bf16)
        .hasMessageContaining("tensor 'w': dtype 'BF16' is not allowed")
        .hasMessageContaining("F32");
    assertThat(bf16.tensor()).contains("w");
    assertThat(
            refusedHeader(
                "{'w':{'dtype':'F64','shape':[1],'data_offsets':[0,8]}}",
                Violation.DTYPE_NOT_ALLOWED))
        .hasMessageContaining("'F64' is not allowed");
    assertThat(
            refusedHeader(
                "{'w':{'dtype':'F8_E4M3','shape':[8],'data_offsets':[0,8]}}",
                Violation.DTYPE_NOT_ALLOWED))
        .hasMessageContaining("'F8_E4M3' is unknown");
    assertThat(
            refusedHeader(
                "{'w':{'dtype':'f32','shape':[2],'data_offsets':[0,8]}}",
                Violation.DTYPE_NOT_ALLOWED))
        .hasMessageContaining("'f32' is unknown");
    assertThat(SafetensorsReader.DEFAULT_ALLOWED_DTYPES)
        .containsExactlyInAnyOrder(Dtype.F32, Dtype.F16, Dtype.I64);
  }

  @Test
  void aWiderAllowlistAdmitsMoreDtypes() {
    SafetensorsReader wide =
        new SafetensorsReader().withAllowedDtypes(EnumSet.of(Dtype.BF16, Dtype.U8));
    SafetensorsFile read =
        wide.read(
            file(
                "{'w':{'dtype':'BF16','shape':[2],'data_offsets':[0,4]},"
                    + "'m':{'dtype':'U8','shape':[3],'data_offsets':[4,7]}}",
                concat(f16(0x3F80, 0x4000), new byte[] {1, 2, 3})));

    assertThat(read.tensor("w").toByteArray()).containsExactly(0x80, 0x3F, 0x00, 0x40);
    assertThat(read.tensor("m").toByteArray()).containsExactly(1, 2, 3);
    assertThatThrownBy(() -> read.tensor("w").toFloatArray())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tensor 'w' is BF16");
    assertThatThrownBy(() -> new SafetensorsReader().withAllowedDtypes(Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
    refused(wide, file("{'w':{" + F32_PAIR + "}}", f32(1, 2)), Violation.DTYPE_NOT_ALLOWED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "1.5", "2.0", "2e0", "'2'", "null", "[2]", "99999999999999999999"})
  void invalidShapeDimensions(String dim) {
    SafetensorsFormatException e =
        refusedHeader(
            "{'w':{'dtype':'F32','shape':[1," + dim + "],'data_offsets':[0,8]}}",
            Violation.INVALID_SHAPE);

    assertThat(e).hasMessageContaining("tensor 'w': shape dimension 1 must be a non-negative");
    assertThat(e.tensor()).contains("w");
  }

  @Test
  void shapeThatDoesNotMatchTheByteLength() {
    assertThat(
            refusedHeader(
                "{'w':{'dtype':'F32','shape':[3],'data_offsets':[0,8]}}", Violation.SIZE_MISMATCH))
        .hasMessageContaining("tensor 'w': shape [3] of F32 needs 12 bytes")
        .hasMessageContaining("data_offsets [0, 8] hold 8");
    assertThat(
            refusedHeader(
                "{'w':{'dtype':'I64','shape':[1],'data_offsets':[0,8]},"
                    + "'v':{'dtype':'F16','shape':[],'data_offsets':[8,8]}}",
                Violation.SIZE_MISMATCH))
        .hasMessageContaining("tensor 'v': shape [] of F16 needs 2 bytes");
  }

  @Test
  void shapeWhoseSizeOverflows() {
    // 2^62 * 4 overflows a long even though a later 0 would make the product 0: refused, never
    // wrapped around into a small number.
    assertThat(
            refusedHeader(
                "{'w':{'dtype':'F32','shape':[4611686018427387904,4,0],'data_offsets':[0,8]}}",
                Violation.SIZE_MISMATCH))
        .hasMessageContaining("tensor 'w': shape [4611686018427387904, 4, 0] is too large");
    assertThat(
            refusedHeader(
                "{'w':{'dtype':'F32','shape':[2305843009213693952],'data_offsets':[0,8]}}",
                Violation.SIZE_MISMATCH))
        .hasMessageContaining("is too large");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"[0]", "[]", "[0,4,8]", "[8,0]", "[-1,8]", "[0,'8']", "[0,8.0]", "[0,null]"})
  void offsetsThatAreNotBeginAndEnd(String offsets) {
    SafetensorsFormatException e =
        refusedHeader(
            "{'w':{'dtype':'F32','shape':[2],'data_offsets':" + offsets + "}}",
            Violation.INVALID_OFFSETS);

    assertThat(e).hasMessageContaining("tensor 'w': data_offsets");
    assertThat(e.tensor()).contains("w");
  }

  @Test
  void offsetsPastTheBuffer() {
    SafetensorsFormatException e =
        refused(
            file("{'w':{'dtype':'F32','shape':[4],'data_offsets':[0,16]}}", f32(1, 2)),
            Violation.OFFSETS_OUT_OF_BOUNDS);

    assertThat(e)
        .hasMessageContaining("tensor 'w': data_offsets [0, 16] end past the byte buffer")
        .hasMessageContaining("8 bytes");
  }

  @Test
  void overlappingTensors() {
    assertThat(
            refused(
                file(
                    "{'a':{'dtype':'F32','shape':[2],'data_offsets':[0,8]},"
                        + "'b':{'dtype':'F32','shape':[2],'data_offsets':[4,12]}}",
                    f32(1, 2, 3)),
                Violation.OVERLAPPING_TENSORS))
        .hasMessageContaining("tensor 'b': data_offsets [4, 12] overlap those of tensor 'a'");
    // Two names for the same bytes.
    assertThat(
            refused(
                file("{'a':{" + F32_PAIR + "},'b':{" + F32_PAIR + "}}", f32(1, 2)),
                Violation.OVERLAPPING_TENSORS))
        .hasMessageContaining("overlap");
    // An empty tensor inside another one.
    refused(
        file(
            "{'a':{" + F32_PAIR + "},'e':{'dtype':'F32','shape':[0],'data_offsets':[4,4]}}",
            f32(1, 2)),
        Violation.OVERLAPPING_TENSORS);
  }

  @Test
  void gapBetweenTensors() {
    SafetensorsFormatException e =
        refused(
            file(
                "{'a':{'dtype':'F32','shape':[1],'data_offsets':[0,4]},"
                    + "'b':{'dtype':'F32','shape':[1],'data_offsets':[8,12]}}",
                f32(1, 2, 3)),
            Violation.GAP_IN_BUFFER);

    assertThat(e).hasMessageContaining("bytes [4, 8) before tensor 'b' belong to no tensor");
    assertThat(e.tensor()).contains("b");
    assertThat(
            refused(
                file("{'a':{'dtype':'F32','shape':[1],'data_offsets':[4,8]}}", f32(1, 2)),
                Violation.GAP_IN_BUFFER))
        .hasMessageContaining("bytes [0, 4) before tensor 'a'");
  }

  @Test
  void trailingBytesAfterTheLastTensor() {
    assertThat(refused(file("{'w':{" + F32_PAIR + "}}", f32(1, 2, 3)), Violation.TRAILING_BYTES))
        .hasMessageContaining("bytes [8, 12) after tensor 'w' belong to no tensor");
    assertThat(refused(file("{}", zeros(4)), Violation.TRAILING_BYTES))
        .hasMessageContaining("which names no tensor");
  }

  @Test
  void nonFiniteFloats() {
    SafetensorsFormatException nan =
        refused(
            file(
                "{'w':{'dtype':'F32','shape':[4],'data_offsets':[0,16]}}", f32(1, 2, Float.NaN, 4)),
            Violation.NON_FINITE_VALUE);
    assertThat(nan).hasMessageContaining("tensor 'w' (F32): element 2 is NaN");
    assertThat(nan.tensor()).contains("w");
    assertThat(
            refused(
                file("{'w':{" + F32_PAIR + "}}", f32(Float.NEGATIVE_INFINITY, 1)),
                Violation.NON_FINITE_VALUE))
        .hasMessageContaining("element 0 is -Infinity");
    assertThat(
            refused(
                file(
                    "{'h':{'dtype':'F16','shape':[3],'data_offsets':[0,6]}}",
                    f16(0, 0x3C00, 0x7C00)),
                Violation.NON_FINITE_VALUE))
        .hasMessageContaining("tensor 'h' (F16): element 2 is Infinity");
    assertThat(
            refused(
                file("{'h':{'dtype':'F16','shape':[2],'data_offsets':[0,4]}}", f16(0xFE01, 0)),
                Violation.NON_FINITE_VALUE))
        .hasMessageContaining("element 0 is NaN");
    // Signalling NaN bit patterns count too.
    refused(
        file("{'w':{" + F32_PAIR + "}}", concat(f32(1), new byte[] {1, 0, (byte) 0x80, 0x7F})),
        Violation.NON_FINITE_VALUE);
  }

  @Test
  void metadataValuesThatAreNotStrings() {
    for (String value : new String[] {"1", "null", "true", "{'a':'b'}", "['pt']"}) {
      assertThat(
              refusedHeader(
                  "{'__metadata__':{'format':" + value + "},'w':{" + F32_PAIR + "}}",
                  Violation.METADATA_VALUE_NOT_STRING))
          .hasMessageContaining("'__metadata__' value of 'format' must be a string");
    }
  }

  @Test
  void aBufferOver2GiBIsRefusedAfterItsHeaderPassed(@TempDir Path dir) throws IOException {
    long elements = 640L * 1024 * 1024; // 2.5 GiB of F32
    String header =
        "{'w':{'dtype':'F32','shape':[" + elements + "],'data_offsets':[0," + 4 * elements + "]}}";
    byte[] prefix = file(header, new byte[0]);
    Path big = dir.resolve("big.safetensors");
    try (RandomAccessFile out = new RandomAccessFile(big.toFile(), "rw")) {
      out.write(prefix);
      out.setLength(prefix.length + 4 * elements); // sparse: costs no disk
    }

    SafetensorsFormatException e =
        catchThrowableOfType(SafetensorsFormatException.class, () -> reader.read(big));

    assertThat(e.violation()).isEqualTo(Violation.FILE_TOO_LARGE);
    assertThat(e).hasMessageContaining("2 GiB");
  }

  @Test
  void readsFromDiskWhatItReadsFromMemory(@TempDir Path dir) throws IOException {
    byte[] bytes =
        new SafetensorsWriter()
            .putMetadata("format", "pt")
            .putF32("w", new long[] {2}, new float[] {1, 2})
            .toBytes();
    Path path = Files.write(dir.resolve("w.safetensors"), bytes);

    SafetensorsFile read = reader.read(path);

    assertThat(read.tensor("w").toFloatArray()).containsExactly(1, 2);
    assertThat(read.metadata()).containsEntry("format", "pt");
    Path truncated = Files.write(dir.resolve("t.safetensors"), zeros(5));
    assertThatThrownBy(() -> reader.read(truncated))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessageContaining("5 bytes");
  }

  @Test
  void theFileIsCopiedSoLaterChangesToTheArrayChangeNothing() {
    byte[] bytes = file("{'w':{" + F32_PAIR + "}}", f32(1, 2));
    SafetensorsFile read = reader.read(bytes);
    bytes[bytes.length - 1] = (byte) 0x7F; // would make element 1 NaN

    assertThat(read.tensor("w").toFloatArray()).containsExactly(1, 2);
  }

  @Test
  void lookingUpAMissingTensorNamesIt() {
    SafetensorsFile read = reader.read(file("{'w':{" + F32_PAIR + "}}", f32(1, 2)));

    assertThat(read.find("v")).isEmpty();
    assertThatThrownBy(() -> read.tensor("v")).hasMessageContaining("no tensor named 'v'");
    assertThatThrownBy(() -> read.tensor("w").toLongArray())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tensor 'w' is F32");
  }
}
