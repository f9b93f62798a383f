package dev.flexmoe.model.artifact;

import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import java.util.Arrays;
import java.util.List;

/**
 * Model soups: weight-space averages of dense models that share everything but their FFNs (the
 * public model and the dense models continued from it on one domain each). A soup keeps the public
 * model's other tensors and sets every FFN tensor to {@code sum_i w_i * ffn_i}.
 */
public final class ModelSoups {

  private ModelSoups() {}

  /**
   * Every FFN tensor of a dense model, flattened, in layer-then-projection (gate, up, down) order:
   * the ingredient {@link #setWeightedFfn} mixes.
   */
  public static float[][] ffn(ModelWeights dense) {
    requireDense(dense);
    int layers = dense.config().numHiddenLayers();
    float[][] tensors = new float[layers * TensorNames.PROJECTIONS.size()][];
    for (int layer = 0; layer < layers; layer++) {
      for (int p = 0; p < TensorNames.PROJECTIONS.size(); p++) {
        tensors[layer * TensorNames.PROJECTIONS.size() + p] =
            dense.get(TensorNames.expert(layer, 0, TensorNames.PROJECTIONS.get(p))).toFloatArray();
      }
    }
    return tensors;
  }

  /** Sets {@code target}'s FFN to the plain average of the ingredients' FFNs (in place). */
  public static void setAverageFfn(ModelWeights target, List<float[][]> ffns) {
    double[] uniform = new double[ffns.size()];
    Arrays.fill(uniform, 1.0 / ffns.size());
    setWeightedFfn(target, ffns, uniform);
  }

  /** Sets {@code target}'s FFN to {@code sum_i weights[i] * ffns[i]} (in place). */
  public static void setWeightedFfn(ModelWeights target, List<float[][]> ffns, double[] weights) {
    requireDense(target);
    if (ffns.isEmpty() || weights.length != ffns.size()) {
      throw new IllegalArgumentException(
          "a soup needs one weight per ingredient: " + weights.length + " for " + ffns.size());
    }
    int layers = target.config().numHiddenLayers();
    for (int t = 0; t < layers * TensorNames.PROJECTIONS.size(); t++) {
      float[] mixed = new float[ffns.get(0)[t].length];
      for (int i = 0; i < ffns.size(); i++) {
        float w = (float) weights[i];
        if (w == 0) {
          continue;
        }
        float[] source = ffns.get(i)[t];
        for (int j = 0; j < mixed.length; j++) {
          mixed[j] += w * source[j];
        }
      }
      target
          .get(
              TensorNames.expert(
                  t / TensorNames.PROJECTIONS.size(),
                  0,
                  TensorNames.PROJECTIONS.get(t % TensorNames.PROJECTIONS.size())))
          .set(mixed);
    }
  }

  private static void requireDense(ModelWeights model) {
    if (model.config().numExperts() != 1) {
      throw new IllegalArgumentException(
          "a soup mixes dense models, not one with " + model.config().numExperts() + " experts");
    }
  }
}
