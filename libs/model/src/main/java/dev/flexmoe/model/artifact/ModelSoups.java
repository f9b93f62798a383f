package dev.flexmoe.model.artifact;

import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Model soups: weight-space averages of dense models continued from the same public model on one
 * domain each. A soup sets every mixed tensor of the target to {@code sum_i w_i * tensor_i} and
 * keeps the target's other tensors.
 */
public final class ModelSoups {

  /** Which tensors a soup mixes: those its ingredients were trained on. */
  public enum Mix {
    /** The FFN projections: for dense models that share everything else with the public model. */
    FFN,
    /** Every tensor: for dense models continued with all their parameters. */
    ALL_TENSORS
  }

  private ModelSoups() {}

  /**
   * The mixed tensors of a dense model, flattened, in the order {@link #setWeighted} mixes them:
   * for {@link Mix#FFN} layer then projection (gate, up, down), for {@link Mix#ALL_TENSORS} by
   * tensor name.
   */
  public static float[][] ingredient(ModelWeights dense, Mix mix) {
    requireDense(dense);
    List<String> names = names(dense, mix);
    float[][] tensors = new float[names.size()][];
    for (int t = 0; t < names.size(); t++) {
      tensors[t] = dense.get(names.get(t)).toFloatArray();
    }
    return tensors;
  }

  /** Sets {@code target}'s mixed tensors to the plain average of the ingredients' (in place). */
  public static void setAverage(ModelWeights target, List<float[][]> ingredients, Mix mix) {
    double[] uniform = new double[ingredients.size()];
    Arrays.fill(uniform, 1.0 / ingredients.size());
    setWeighted(target, ingredients, uniform, mix);
  }

  /**
   * Sets {@code target}'s mixed tensors to {@code sum_i weights[i] * ingredients[i]} (in place).
   */
  public static void setWeighted(
      ModelWeights target, List<float[][]> ingredients, double[] weights, Mix mix) {
    requireDense(target);
    if (ingredients.isEmpty() || weights.length != ingredients.size()) {
      throw new IllegalArgumentException(
          "a soup needs one weight per ingredient: "
              + weights.length
              + " for "
              + ingredients.size());
    }
    List<String> names = names(target, mix);
    for (float[][] ingredient : ingredients) {
      if (ingredient.length != names.size()) {
        throw new IllegalArgumentException(
            "an ingredient has " + ingredient.length + " tensors, the soup mixes " + names.size());
      }
    }
    for (int t = 0; t < names.size(); t++) {
      float[] mixed = new float[ingredients.get(0)[t].length];
      for (int i = 0; i < ingredients.size(); i++) {
        float w = (float) weights[i];
        if (w == 0) {
          continue;
        }
        float[] source = ingredients.get(i)[t];
        if (source.length != mixed.length) {
          throw new IllegalArgumentException("ingredients differ in the size of " + names.get(t));
        }
        for (int j = 0; j < mixed.length; j++) {
          mixed[j] += w * source[j];
        }
      }
      target.get(names.get(t)).set(mixed);
    }
  }

  private static List<String> names(ModelWeights dense, Mix mix) {
    if (mix == Mix.ALL_TENSORS) {
      return List.copyOf(dense.tensors().keySet()); // sorted: ModelWeights keeps them by name
    }
    List<String> names = new ArrayList<>();
    for (int layer = 0; layer < dense.config().numHiddenLayers(); layer++) {
      for (String projection : TensorNames.PROJECTIONS) {
        names.add(TensorNames.expert(layer, 0, projection));
      }
    }
    return names;
  }

  private static void requireDense(ModelWeights model) {
    if (model.config().numExperts() != 1) {
      throw new IllegalArgumentException(
          "a soup mixes dense models, not one with " + model.config().numExperts() + " experts");
    }
  }
}
