package dev.flexmoe.model.safetensors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Puts one file through both strict entry points, the in-memory {@link SafetensorsReader#read} and
 * the mapped {@link SafetensorsReader#check}, and asserts they agree: both accept with the same
 * tensors, or both refuse with the same violation, tensor and message.
 */
final class EntryPoints {

  private EntryPoints() {}

  /**
   * The in-memory reader's refusal of {@code file}, or null when it accepts it.
   *
   * @param scratch where the file is written for the check; overwritten
   */
  static SafetensorsFormatException refusal(SafetensorsReader reader, byte[] file, Path scratch) {
    SafetensorsFormatException refusal = null;
    String inMemory;
    try {
      inMemory = accepted(reader.read(file));
    } catch (SafetensorsFormatException e) {
      refusal = e;
      inMemory = refused(e);
    }
    String mapped;
    try {
      Files.write(scratch, file);
      mapped = accepted(reader.check(scratch));
    } catch (SafetensorsFormatException e) {
      mapped = refused(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(mapped).as("the mapped check's verdict").isEqualTo(inMemory);
    return refusal;
  }

  private static String accepted(SafetensorsFile file) {
    return "accepted " + file.metadata() + " " + file.tensors();
  }

  private static String accepted(SafetensorsIndex index) {
    return "accepted "
        + index.metadata()
        + " "
        + index.tensors().stream()
            .map(t -> t.name() + " " + t.dtype() + Arrays.toString(t.shape()))
            .toList();
  }

  private static String refused(SafetensorsFormatException e) {
    return "refused " + e.violation() + " in " + e.tensor() + ": " + e.getMessage();
  }
}
