package dev.flexmoe.model.artifact;

import dev.flexmoe.model.safetensors.SafetensorsFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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

  /** How a tensor fails the layout. */
  public enum MismatchKind {
    MISSING,
    UNEXPECTED,
    SHAPE
  }

  /**
   * One tensor that does not fit.
   *
   * @param tensorName the missing, unexpected or misshapen tensor
   * @param message what is wrong, naming the file and the tensor
   */
  public record Mismatch(MismatchKind kind, String tensorName, String message) {}

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
    check(shapesOf(file), what);
  }

  /**
   * The same check on tensors by name and shape, in their iteration order, e.g. of weights already
   * loaded.
   */
  public void check(Map<String, long[]> shapes, String what) {
    List<Mismatch> mismatches = mismatches(shapes, what);
    if (mismatches.isEmpty()) {
      return;
    }
    Mismatch first = mismatches.get(0);
    long missing = mismatches.stream().filter(m -> m.kind() == MismatchKind.MISSING).count();
    String more =
        first.kind() == MismatchKind.MISSING && missing > 1
            ? " (and " + (missing - 1) + " more)"
            : "";
    throw new TensorLayoutException(first.tensorName(), first.message() + more);
  }

  /** Every tensor of {@code file} that does not fit, for a caller that reports them all. */
  public List<Mismatch> mismatches(SafetensorsFile file, String what) {
    return mismatches(shapesOf(file), what);
  }

  /**
   * Every tensor that does not fit: the missing ones sorted by name, then the unexpected and
   * misshapen ones in {@code shapes}' iteration order.
   */
  public List<Mismatch> mismatches(Map<String, long[]> shapes, String what) {
    List<Mismatch> mismatches = new ArrayList<>();
    Set<String> missing = new TreeSet<>(required.keySet());
    missing.removeAll(shapes.keySet());
    missing.forEach(
        name ->
            mismatches.add(
                new Mismatch(MismatchKind.MISSING, name, what + " lacks tensor " + name)));
    shapes.forEach(
        (name, actual) -> {
          long[] shape = shape(name);
          if (shape == null) {
            mismatches.add(
                new Mismatch(
                    MismatchKind.UNEXPECTED, name, what + " has an unexpected tensor " + name));
          } else if (!Arrays.equals(shape, actual)) {
            mismatches.add(
                new Mismatch(
                    MismatchKind.SHAPE,
                    name,
                    what
                        + ": "
                        + name
                        + " has shape "
                        + Arrays.toString(actual)
                        + ", expected "
                        + Arrays.toString(shape)));
          }
        });
    return mismatches;
  }

  private static Map<String, long[]> shapesOf(SafetensorsFile file) {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    file.tensors().forEach(tensor -> shapes.put(tensor.name(), tensor.shape()));
    return shapes;
  }
}
