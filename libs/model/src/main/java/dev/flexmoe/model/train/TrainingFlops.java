package dev.flexmoe.model.train;

import dev.flexmoe.model.FlexOlmoConfig;

/** The usual estimate of training compute per token, used for utilization and FLOP matching. */
public final class TrainingFlops {

  private TrainingFlops() {}

  /**
   * Forward + backward FLOPs per token: 6 x the parameters of every matrix product a token passes
   * through (attention, k experts, router, LM head) + 12 x layers x context x d for attention.
   */
  public static double perToken(FlexOlmoConfig config, int context) {
    double d = config.hiddenSize();
    double kv = (double) config.numKeyValueHeads() * config.headDim();
    double perLayer =
        2 * d * d
            + 2 * d * kv
            + config.numExpertsPerTok() * 3 * d * config.intermediateSize()
            + config.numExperts() * d;
    double matmulParameters = config.numHiddenLayers() * perLayer + config.vocabSize() * d;
    return 6 * matmulParameters + 12.0 * config.numHiddenLayers() * context * d;
  }
}
