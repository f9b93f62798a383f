package dev.flexmoe.registry.service;

import dev.flexmoe.model.artifact.TensorLayout;
import dev.flexmoe.model.artifact.TensorLayoutException;
import dev.flexmoe.model.safetensors.Dtype;
import dev.flexmoe.model.safetensors.SafetensorsFormatException;
import dev.flexmoe.model.safetensors.SafetensorsIndex;
import dev.flexmoe.model.safetensors.SafetensorsReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Set;

/**
 * Uploaded safetensors checked strictly (header size, offsets and bounds, overlaps, F32 or F16,
 * every value finite) and held against a layout; each violation is an {@link
 * InvalidUploadException} whose field names the part and, where there is one, the tensor. The check
 * maps the file instead of copying it into heap, so an upload of any size costs only its header
 * there.
 */
final class StrictTensors {

  private static final SafetensorsReader READER =
      new SafetensorsReader()
          .withAllowedDtypes(Set.of(Dtype.F32, Dtype.F16))
          .withMaxHeaderBytes(1 << 20);

  private StrictTensors() {}

  static SafetensorsIndex read(ReceivedFile file, String part) {
    try {
      return READER.check(file.file());
    } catch (SafetensorsFormatException e) {
      throw new InvalidUploadException(
          "safetensors-" + e.violation().name().toLowerCase(Locale.ROOT).replace('_', '-'),
          part + e.tensor().map(name -> "/" + name).orElse(""),
          e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void check(TensorLayout layout, SafetensorsIndex tensors, String part) {
    try {
      layout.check(tensors.shapes(), part);
    } catch (TensorLayoutException e) {
      throw new InvalidUploadException(
          "tensor-layout", part + "/" + e.tensorName(), e.getMessage());
    }
  }
}
