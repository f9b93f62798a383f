package dev.flexmoe.model.train;

import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import java.util.ArrayList;
import java.util.List;

/**
 * Pretraining the dense public model: every tensor trains; weight decay on matrices, none on norms.
 * Afterwards the public corpus's embedding becomes router row 0 of every layer, so the model ships
 * with the public router embedding every expert is trained against.
 */
public final class PublicPretraining {

  private PublicPretraining() {}

  public static List<Trainable> trainables(ModelWeights model, float weightDecay) {
    List<Trainable> trainables = new ArrayList<>();
    model
        .tensors()
        .forEach(
            (name, tensor) -> {
              if (name.endsWith(".gate.weight")) {
                return; // a one-expert router computes softmax over one row: always 1
              }
              boolean matrix = tensor.getShape().dimension() == 2;
              trainables.add(Trainable.of(name, tensor, matrix ? weightDecay : 0f));
            });
    return trainables;
  }

  /** Writes the public embedding into router row 0 of every layer. */
  public static void setPublicRouterEmbedding(ModelWeights model, float[] embedding) {
    if (model.config().numExperts() != 1) {
      throw new IllegalArgumentException("the public model has one expert");
    }
    if (embedding.length != model.config().hiddenSize()) {
      throw new IllegalArgumentException(
          "the embedding has "
              + embedding.length
              + " values, the model "
              + model.config().hiddenSize());
    }
    for (int layer = 0; layer < model.config().numHiddenLayers(); layer++) {
      // in place, so that models built over these weights see it
      model.get(TensorNames.router(layer)).set(embedding);
    }
  }
}
