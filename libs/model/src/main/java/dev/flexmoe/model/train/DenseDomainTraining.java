package dev.flexmoe.model.train;

import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import java.util.ArrayList;
import java.util.List;

/**
 * Dense continued pretraining of the public model on one domain: the dense domain models of the
 * model-soup, BTM and no-coordination baselines. No weight decay, as in expert training.
 */
public final class DenseDomainTraining {

  /** Which of the public model's tensors continue training. */
  public enum Parameters {
    /**
     * The FFNs alone, everything else frozen: the FFNs can then also be merged as (uncoordinated)
     * experts beside the public model's attention.
     */
    FFN,
    /** Every tensor, as the paper's dense domain models: the stronger soup and BTM ingredients. */
    ALL
  }

  private DenseDomainTraining() {}

  public static List<Trainable> trainables(ModelWeights model, Parameters parameters) {
    if (model.config().numExperts() != 1) {
      throw new IllegalArgumentException(
          "dense domain training starts from the dense public model");
    }
    if (parameters == Parameters.ALL) {
      return PublicPretraining.trainables(model, 0f); // what pretraining trains, without decay
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
