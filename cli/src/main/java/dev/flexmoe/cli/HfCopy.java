package dev.flexmoe.cli;

import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.model.workflow.LoadedModel;
import java.nio.file.Path;

/**
 * What export and import share: a checkpoint read strictly (weights and the tokenizer that goes
 * with them) and written again with only what a Hugging Face FlexOlmo checkpoint holds.
 */
final class HfCopy {

  private HfCopy() {}

  /** What was copied: the config, and whether a router bias was left behind. */
  record Result(FlexOlmoConfig config, boolean droppedRouterBias) {}

  static Result copy(Path from, Path to) {
    Flexmoe.requireNewOutput(to);
    try (LoadedModel loaded = LoadedModel.open(from)) {
      ModelWeights weights = loaded.weights();
      boolean bias = false;
      for (int layer = 0; layer < weights.config().numHiddenLayers(); layer++) {
        bias |= weights.contains(TensorNames.routerBias(layer));
        weights.remove(TensorNames.routerBias(layer));
      }
      HfCheckpoint.write(weights, from.resolve(HfCheckpoint.TOKENIZER), to);
      return new Result(weights.config(), bias);
    }
  }
}
