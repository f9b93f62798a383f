package dev.flexmoe.model.train;

import dev.flexmoe.model.nn.Precision;

/**
 * How long and how hard to train.
 *
 * @param steps optimizer steps
 * @param batchSize sequences per step
 * @param peakLearningRate rate after warm-up
 * @param minLearningRate rate at the end of the cosine decay
 * @param warmupSteps linear warm-up steps
 * @param gradientClip maximum global gradient norm
 * @param routerZLoss weight of the router z-loss (mean squared log-sum-exp of router logits)
 * @param seed data order (and nothing else: weights come initialized)
 * @param checkpointEvery steps between checkpoints; 0 for none but the final one
 * @param precision the number format of the forward and backward passes' products
 */
public record TrainingSettings(
    int steps,
    int batchSize,
    double peakLearningRate,
    double minLearningRate,
    int warmupSteps,
    double gradientClip,
    double routerZLoss,
    long seed,
    int checkpointEvery,
    Precision precision) {

  /** Defaults of every entry point (the CLI, the training service), sized for the micro preset. */
  public static final int DEFAULT_BATCH_SIZE = 16;

  public static final double DEFAULT_PEAK_LEARNING_RATE = 3e-3;

  public static final int DEFAULT_CHECKPOINT_EVERY = 100;

  /** Gradient clipping and router z-loss are the method's (docs/method.md), not a user's choice. */
  public static final double GRADIENT_CLIP = 1.0;

  public static final double ROUTER_Z_LOSS = 1e-3;

  /** The default end of the cosine decay: a tenth of the peak. */
  public static double defaultMinLearningRate(double peakLearningRate) {
    return peakLearningRate / 10;
  }

  /** The default warm-up: a twentieth of the run. */
  public static int defaultWarmupSteps(int steps) {
    return steps / 20;
  }

  /** Settings with float32 products. */
  public TrainingSettings(
      int steps,
      int batchSize,
      double peakLearningRate,
      double minLearningRate,
      int warmupSteps,
      double gradientClip,
      double routerZLoss,
      long seed,
      int checkpointEvery) {
    this(
        steps,
        batchSize,
        peakLearningRate,
        minLearningRate,
        warmupSteps,
        gradientClip,
        routerZLoss,
        seed,
        checkpointEvery,
        Precision.FLOAT32);
  }

  public TrainingSettings {
    if (precision == null) {
      throw new IllegalArgumentException("training needs a precision");
    }
    if (steps <= 0 || batchSize <= 0) {
      throw new IllegalArgumentException("steps and batch size must be positive");
    }
    if (!(gradientClip > 0)) {
      throw new IllegalArgumentException("gradient clip must be positive");
    }
  }

  public CosineSchedule schedule() {
    return new CosineSchedule(
        peakLearningRate, minLearningRate, Math.min(warmupSteps, steps), steps);
  }
}
