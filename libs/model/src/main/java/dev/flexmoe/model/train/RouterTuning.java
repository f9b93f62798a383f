package dev.flexmoe.model.train;

import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import java.util.ArrayList;
import java.util.List;

/**
 * Optional router tuning of a merged model on proxy data: only the router rows train. It mixes
 * signal from every owner into every row, so "remove the expert, remove the data" then holds only
 * approximately (docs/method.md, "Router tuning").
 */
public final class RouterTuning {

  private RouterTuning() {}

  public static List<Trainable> trainables(ModelWeights merged) {
    List<Trainable> trainables = new ArrayList<>();
    for (int layer = 0; layer < merged.config().numHiddenLayers(); layer++) {
      String name = TensorNames.router(layer);
      trainables.add(Trainable.of(name, merged.get(name), 0f));
    }
    return trainables;
  }
}
