package dev.flexmoe.reproduce;

import dev.flexmoe.model.nn.Precision;
import dev.flexmoe.model.train.TrainingSettings;
import java.util.Locale;

/**
 * How big a reproduction is: the model preset, the vocabulary, how long each model trains, and how
 * much validation text each domain is scored on.
 *
 * @param validationBytes cap of validation text per domain
 * @param passageBytes the validation text is scored in passages of about this size, each a unit of
 *     the bootstrap
 * @param proxyPassages public passages each domain's classifier chooses for the router-tuning proxy
 *     set (as many random public passages are added)
 * @param topK experts active per token in the merged models
 * @param precision the number format of every training run's products (evaluation is float32)
 */
public record Scale(
    String name,
    String preset,
    int vocabSize,
    int batchSize,
    int publicSteps,
    int expertSteps,
    int denseSteps,
    int routerSteps,
    double publicLearningRate,
    double expertLearningRate,
    int validationBytes,
    int passageBytes,
    int proxyPassages,
    int topK,
    Precision precision) {

  /** For CI: checks the pipeline in minutes; its numbers mean little. */
  public static final Scale MICRO =
      new Scale(
          "micro",
          "micro",
          1024,
          8,
          80,
          50,
          50,
          10,
          3e-3,
          3e-3,
          12_000,
          1_500,
          2,
          4,
          Precision.FLOAT32);

  /**
   * The real table on 2 CPU cores within the hour. In the paper's proportions: each expert (and
   * dense model) sees 80 / 1200 = 6.7% of the public model's tokens, at the public peak learning
   * rate.
   */
  public static final Scale TINY =
      new Scale(
          "tiny",
          "tiny",
          4096,
          8,
          1200,
          80,
          80,
          40,
          2e-3,
          2e-3,
          40_000,
          1_500,
          8,
          4,
          Precision.FLOAT32);

  /** For an accelerator; the same proportions as tiny. */
  public static final Scale SMALL =
      new Scale(
          "small",
          "small",
          16_384,
          16,
          10_000,
          800,
          800,
          200,
          6e-4,
          6e-4,
          400_000,
          1_500,
          30,
          4,
          Precision.FLOAT32);

  public static Scale named(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "micro" -> MICRO;
      case "tiny" -> TINY;
      case "small" -> SMALL;
      default ->
          throw new IllegalArgumentException(
              "unknown scale '" + name + "': choose micro, tiny or small");
    };
  }

  /** This scale with its models trained in {@code newPrecision}. */
  public Scale withPrecision(Precision newPrecision) {
    return new Scale(
        name,
        preset,
        vocabSize,
        batchSize,
        publicSteps,
        expertSteps,
        denseSteps,
        routerSteps,
        publicLearningRate,
        expertLearningRate,
        validationBytes,
        passageBytes,
        proxyPassages,
        topK,
        newPrecision);
  }

  TrainingSettings publicTraining() {
    return settings(publicSteps, publicLearningRate, 1);
  }

  TrainingSettings expertTraining(int seed) {
    return settings(expertSteps, expertLearningRate, seed);
  }

  TrainingSettings denseTraining(int seed) {
    return settings(denseSteps, expertLearningRate, seed);
  }

  TrainingSettings routerTuning() {
    return settings(routerSteps, expertLearningRate, 3);
  }

  TrainingSettings settings(int steps, double rate, long seed) {
    return new TrainingSettings(
        steps,
        batchSize,
        rate,
        rate / 10,
        Math.max(1, steps / 20),
        1.0,
        1e-3,
        seed,
        Math.max(10, steps / 10),
        precision);
  }
}
