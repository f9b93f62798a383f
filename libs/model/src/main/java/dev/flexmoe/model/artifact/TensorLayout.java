package dev.flexmoe.model.artifact;

import dev.flexmoe.model.safetensors.SafetensorsFile;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
    Map<String, long[]> shapes = new LinkedHashMap<>();
    file.tensors().forEach(tensor -> shapes.put(tensor.name(), tensor.shape()));
    check(shapes, what);
  }

  /**
   * The same check on tensors by name and shape, in their iteration order, e.g. of weights already
   * loaded.
   */
  public void check(Map<String, long[]> shapes, String what) {
    Set<String> missing = new TreeSet<>(required.keySet());
    missing.removeAll(shapes.keySet());
    if (!missing.isEmpty()) {
      String first = missing.iterator().next();
      throw new TensorLayoutException(
          first,
          what
              + " lacks tensor "
              + first
              + (missing.size() > 1 ? " (and " + (missing.size() - 1) + " more)" : ""));
    }
    shapes.forEach(
        (name, actual) -> {
          long[] shape = shape(name);
          if (shape == null) {
            throw new TensorLayoutException(name, what + " has an unexpected tensor " + name);
          }
          if (!Arrays.equals(shape, actual)) {
            throw new TensorLayoutException(
                name,
                what
                    + ": "
                    + name
                    + " has shape "
                    + Arrays.toString(actual)
                    + ", expected "
                    + Arrays.toString(shape));
          }
        });
  }
}
