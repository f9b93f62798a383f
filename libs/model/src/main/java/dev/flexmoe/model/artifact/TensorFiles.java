package dev.flexmoe.model.artifact;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.flexmoe.model.safetensors.Dtype;
import dev.flexmoe.model.safetensors.SafetensorsFile;
import dev.flexmoe.model.safetensors.SafetensorsReader;
import dev.flexmoe.model.safetensors.SafetensorsTensor;
import dev.flexmoe.model.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Tensors to and from safetensors files: written deterministically (float32), read through the
 * strict reader (float32 or float16, finite values only) and checked against the names and shapes
 * the reader expects, so a file with a missing, extra or misshapen tensor never becomes a model.
 */
public final class TensorFiles {

  /** The dtypes a model's tensors may have in a file: what loads as float32 exactly. */
  public static final Set<Dtype> DTYPES = Set.of(Dtype.F32, Dtype.F16);

  private static final SafetensorsReader READER = new SafetensorsReader().withAllowedDtypes(DTYPES);

  private TensorFiles() {}

  public static void write(Map<String, NDArray> tensors, Map<String, String> metadata, Path file) {
    SafetensorsWriter writer = new SafetensorsWriter();
    metadata.forEach(writer::putMetadata);
    tensors.forEach(
        (name, tensor) -> writer.putF32(name, tensor.getShape().getShape(), tensor.toFloatArray()));
    try {
      writer.write(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Reads a file strictly; every violation is a {@link
   * dev.flexmoe.model.safetensors.SafetensorsFormatException}.
   */
  public static SafetensorsFile read(Path file) {
    try {
      return READER.read(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * The file's tensors as float32 NDArrays in {@code manager}, after checking them against {@code
   * layout}.
   *
   * @throws TensorLayoutException naming the first missing, unexpected or misshapen tensor
   */
  public static Map<String, NDArray> load(
      SafetensorsFile file, TensorLayout layout, String what, NDManager manager) {
    layout.check(file, what);
    Map<String, NDArray> tensors = new LinkedHashMap<>();
    for (SafetensorsTensor tensor : file.tensors()) {
      tensors.put(tensor.name(), manager.create(tensor.toFloatArray(), new Shape(tensor.shape())));
    }
    return tensors;
  }
}
