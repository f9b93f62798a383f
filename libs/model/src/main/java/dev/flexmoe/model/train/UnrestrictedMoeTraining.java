package dev.flexmoe.model.train;

import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import java.util.ArrayList;
import java.util.List;

/**
 * The unrestricted MoE baseline: every expert's FFN (the public one included) and every router
 * trained jointly on all domains' data, as if the data could be pooled, without weight decay. It
 * trains for as many FLOPs as the separate expert trainings took together.
 */
public final class UnrestrictedMoeTraining {

  private UnrestrictedMoeTraining() {}

  /** What trains: every expert's gate, up and down projection and every router, in each layer. */
  public static List<Trainable> trainables(ModelWeights moe) {
    FlexOlmoConfig config = moe.config();
    List<Trainable> trainables = new ArrayList<>();
    for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
      for (int expert = 0; expert < config.numExperts(); expert++) {
        for (String projection : TensorNames.PROJECTIONS) {
          String name = TensorNames.expert(layer, expert, projection);
          trainables.add(Trainable.of(name, moe.get(name), 0f));
        }
      }
      trainables.add(
          Trainable.of(TensorNames.router(layer), moe.get(TensorNames.router(layer)), 0f));
    }
    return trainables;
  }

  /**
   * The steps of the joint training that cost the FLOPs of {@code experts} expert trainings of
   * {@code expertSteps} each (an expert trains a top-2-of-2 model; the joint model has every expert
   * and the public one, top-k of them active), at the same batch size and context.
   */
  public static int flopMatchedSteps(
      FlexOlmoConfig publicConfig, int experts, int topK, int expertSteps) {
    int context = publicConfig.maxPositionEmbeddings();
    double expertFlops = TrainingFlops.perToken(publicConfig.withExperts(2, 2), context);
    double moeFlops = TrainingFlops.perToken(publicConfig.withExperts(experts + 1, topK), context);
    return (int) Math.round(experts * expertSteps * expertFlops / moeFlops);
  }
}
