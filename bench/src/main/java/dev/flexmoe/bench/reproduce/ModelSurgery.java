package dev.flexmoe.bench.reproduce;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import dev.flexmoe.model.artifact.ExpertLayout;
import dev.flexmoe.model.artifact.ExpertWeights;
import java.util.ArrayList;
import java.util.List;

/**
 * Weights of the baselines, built from the public model and the dense domain models (which differ
 * from the public model only in their FFNs): model soups, the no-coordination experts, and the
 * starting point of the unrestricted MoE.
 */
final class ModelSurgery {

  private static final List<String> PROJECTIONS = List.of("gate", "up", "down");

  private ModelSurgery() {}

  /** Every FFN tensor of a dense model, flattened, in layer x projection order. */
  static float[][] ffn(ModelWeights dense) {
    int layers = dense.config().numHiddenLayers();
    float[][] tensors = new float[layers * PROJECTIONS.size()][];
    for (int layer = 0; layer < layers; layer++) {
      for (int p = 0; p < PROJECTIONS.size(); p++) {
        tensors[layer * PROJECTIONS.size() + p] =
            dense.get(TensorNames.expert(layer, 0, PROJECTIONS.get(p))).toFloatArray();
      }
    }
    return tensors;
  }

  /** Sets {@code target}'s FFN to {@code sum_i weights[i] * ffns[i]} (in place). */
  static void setWeightedFfn(ModelWeights target, List<float[][]> ffns, double[] weights) {
    int layers = target.config().numHiddenLayers();
    for (int t = 0; t < layers * PROJECTIONS.size(); t++) {
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
                  t / PROJECTIONS.size(), 0, PROJECTIONS.get(t % PROJECTIONS.size())))
          .set(mixed);
    }
  }

  /**
   * An expert made of a dense domain model's FFN and a router row that is the domain's embedding:
   * what merging independently trained dense models as MoE experts (no coordination) looks like.
   */
  static ExpertWeights expertFromDense(ModelWeights dense, float[] routerRow, NDManager manager) {
    ExpertWeights expert = ExpertWeights.empty(manager);
    for (int layer = 0; layer < dense.config().numHiddenLayers(); layer++) {
      for (String projection : PROJECTIONS) {
        expert.put(
            ExpertLayout.projection(layer, projection),
            dense.get(TensorNames.expert(layer, 0, projection)).duplicate());
      }
      expert.put(
          ExpertLayout.routerRow(layer), manager.create(routerRow, new Shape(1, routerRow.length)));
    }
    return expert;
  }

  /** Copies of the public FFN with the given router rows: the unrestricted MoE before training. */
  static List<ExpertWeights> upcycledExperts(
      ModelWeights publicModel, List<float[]> routerRows, NDManager manager) {
    List<ExpertWeights> experts = new ArrayList<>();
    for (float[] row : routerRows) {
      experts.add(expertFromDense(publicModel, row, manager));
    }
    return experts;
  }

  /** A duplicate of every tensor, for a model to change without touching the original. */
  static ModelWeights copy(ModelWeights weights, NDManager manager) {
    ModelWeights copy = ModelWeights.empty(weights.config(), manager);
    weights.tensors().forEach((name, tensor) -> copy.put(name, tensor.duplicate()));
    return copy;
  }
}
