package dev.flexmoe.model.train;

import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import java.util.ArrayList;
import java.util.List;

/**
 * Dense continued pretraining of the public model's FFNs on one domain: the dense domain models of
 * the model-soup, BTM and no-coordination baselines. Everything but the FFNs stays frozen, so the
 * resulting FFNs can also be merged as (uncoordinated) experts.
 */
public final class DenseDomainTraining {

  private DenseDomainTraining() {}

  public static List<Trainable> trainables(ModelWeights model) {
    if (model.config().numExperts() != 1) {
      throw new IllegalArgumentException(
          "dense domain training starts from the dense public model");
    }
    List<Trainable> trainables = new ArrayList<>();
    for (int layer = 0; layer < model.config().numHiddenLayers(); layer++) {
      for (String projection : TensorNames.PROJECTIONS) {
        String name = TensorNames.expert(layer, 0, projection);
        trainables.add(Trainable.of(name, model.get(name), 0f));
      }
    }
    return trainables;
  }
}
