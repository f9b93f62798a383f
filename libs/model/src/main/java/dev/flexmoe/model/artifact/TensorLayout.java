package dev.flexmoe.model.artifact;

import dev.flexmoe.model.safetensors.SafetensorsFile;
import dev.flexmoe.model.safetensors.SafetensorsTensor;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tensors a file must hold: each required name with its shape, and names that may be absent.
 * Checking needs no tensor library, so a service can judge an untrusted upload before anything is
 * loaded.
 */
public record TensorLayout(Map<String, long[]> required, Map<String, long[]> optional) {

  public TensorLayout {
    required = Map.copyOf(required);
    optional = Map.copyOf(optional);
  }

  /** The shape a tensor of this layout must have, or null when the name does not belong. */
  public long[] shape(String name) {
    long[] shape = required.get(name);
    return shape != null ? shape : optional.get(name);
  }

  /**
   * Checks that {@code file} holds every required tensor, nothing unknown, and only the expected
   * shapes.
   *
   * @param what names the file in the message, e.g. {@code expert 'news'}
   * @throws TensorLayoutException naming the first missing, unexpected or misshapen tensor
   */
  public void check(SafetensorsFile file, String what) {
    Set<String> missing = new TreeSet<>(required.keySet());
    missing.removeAll(file.names());
    if (!missing.isEmpty()) {
      String first = missing.iterator().next();
      throw new TensorLayoutException(
          first,
          what
              + " lacks tensor "
              + first
              + (missing.size() > 1 ? " (and " + (missing.size() - 1) + " more)" : ""));
    }
    for (SafetensorsTensor tensor : file.tensors()) {
      long[] shape = shape(tensor.name());
      if (shape == null) {
        throw new TensorLayoutException(
            tensor.name(), what + " has an unexpected tensor " + tensor.name());
      }
      if (!Arrays.equals(shape, tensor.shape())) {
        throw new TensorLayoutException(
            tensor.name(),
            what
                + ": "
                + tensor.name()
                + " has shape "
                + Arrays.toString(tensor.shape())
                + ", expected "
                + Arrays.toString(shape));
      }
    }
  }
}
