package dev.flexmoe.model.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import dev.flexmoe.model.ModelWeights;

/** Equality of model weights to the bit: the same tensor names, shapes and float bits. */
final class BitExact {

  private BitExact() {}

  static void assertSameWeights(ModelWeights actual, ModelWeights expected) {
    assertThat(actual.tensors().keySet()).containsExactlyElementsOf(expected.tensors().keySet());
    expected
        .tensors()
        .forEach(
            (name, theirs) -> {
              NDArray ours = actual.get(name);
              assertThat(ours.getShape()).as("%s: shape", name).isEqualTo(theirs.getShape());
              assertThat(bits(ours)).as("%s: float bits", name).containsExactly(bits(theirs));
            });
  }

  private static int[] bits(NDArray tensor) {
    float[] values = tensor.toFloatArray();
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]);
    }
    return bits;
  }
}
