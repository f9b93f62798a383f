package dev.flexmoe.model.artifact;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import java.util.ArrayList;
import java.util.List;

/**
 * Experts made from dense models rather than trained as FlexOlmo experts: a dense model's FFN with
 * a given router row. Merging such experts gives the baselines without coordination, and copies of
 * the public FFN give the starting point of a jointly trained (upcycled) MoE.
 */
public final class DenseExperts {

  private DenseExperts() {}

  /** An expert holding a copy of {@code dense}'s FFN and {@code routerRow} in every layer. */
  public static ExpertWeights fromDenseModel(
      ModelWeights dense, float[] routerRow, NDManager manager) {
    if (dense.config().numExperts() != 1) {
      throw new IllegalArgumentException(
          "an expert is taken from a dense model, not one with "
              + dense.config().numExperts()
              + " experts");
    }
    if (routerRow.length != dense.config().hiddenSize()) {
      throw new IllegalArgumentException(
          "the router row has "
              + routerRow.length
              + " values, the model "
              + dense.config().hiddenSize());
    }
    ExpertWeights expert = ExpertWeights.empty(manager);
    for (int layer = 0; layer < dense.config().numHiddenLayers(); layer++) {
      for (String projection : TensorNames.PROJECTIONS) {
        expert.put(
            ExpertLayout.projection(layer, projection),
            dense.get(TensorNames.expert(layer, 0, projection)).duplicate());
      }
      expert.put(
          ExpertLayout.routerRow(layer), manager.create(routerRow, new Shape(1, routerRow.length)));
    }
    return expert;
  }

  /** One copy of the public FFN per router row: an MoE upcycled from the public model. */
  public static List<ExpertWeights> upcycled(
      ModelWeights publicModel, List<float[]> routerRows, NDManager manager) {
    List<ExpertWeights> experts = new ArrayList<>();
    for (float[] row : routerRows) {
      experts.add(fromDenseModel(publicModel, row, manager));
    }
    return experts;
  }
}
