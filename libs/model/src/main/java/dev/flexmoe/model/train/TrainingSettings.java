package dev.flexmoe.model.train;

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
    int checkpointEvery) {

  public TrainingSettings {
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
