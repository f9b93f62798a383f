package dev.flexmoe.training.service;

import dev.flexmoe.model.nn.Precision;
import dev.flexmoe.model.train.TrainingSettings;
import java.util.Locale;

/**
 * A job's training settings as submitted; every field but {@code steps} may be left out and takes
 * the default of {@code flexmoe train} ({@link TrainingSettings}).
 *
 * @param checkpointEvery steps between checkpoints (0: only the final one)
 * @param precision {@code float32} (the default) or {@code bfloat16}: mixed precision, about twice
 *     as fast on CPUs that multiply bfloat16 natively
 */
public record Hyperparameters(
    Integer steps,
    Integer batchSize,
    Double lr,
    Double minLr,
    Integer warmup,
    Long seed,
    Integer checkpointEvery,
    String precision) {

  private static final String FIELD = "hyperparameters.";

  /** The settings these ask for, defaults filled in; refuses what cannot be trained. */
  public TrainingSettings settings() {
    int total = positive(steps, "steps");
    int batch =
        batchSize == null ? TrainingSettings.DEFAULT_BATCH_SIZE : positive(batchSize, "batchSize");
    double peak = lr == null ? TrainingSettings.DEFAULT_PEAK_LEARNING_RATE : lr;
    if (!(peak > 0) || Double.isInfinite(peak)) {
      throw invalid("lr", "must be a positive number, not " + peak);
    }
    double minimum = minLr == null ? TrainingSettings.defaultMinLearningRate(peak) : minLr;
    if (!(minimum >= 0) || minimum > peak) {
      throw invalid("minLr", "must be between 0 and lr (" + peak + "), not " + minimum);
    }
    int warm = warmup == null ? TrainingSettings.defaultWarmupSteps(total) : warmup;
    if (warm < 0) {
      throw invalid("warmup", "must not be negative, not " + warm);
    }
    int every =
        checkpointEvery == null ? TrainingSettings.DEFAULT_CHECKPOINT_EVERY : checkpointEvery;
    if (every < 0) {
      throw invalid("checkpointEvery", "must not be negative, not " + every);
    }
    return new TrainingSettings(
        total,
        batch,
        peak,
        minimum,
        warm,
        TrainingSettings.GRADIENT_CLIP,
        TrainingSettings.ROUTER_Z_LOSS,
        seed == null ? 0 : seed,
        every,
        resolvedPrecision());
  }

  /** The name a job gives {@code precision}. */
  static String name(Precision precision) {
    return precision.name().toLowerCase(Locale.ROOT);
  }

  private Precision resolvedPrecision() {
    if (precision == null) {
      return Precision.FLOAT32;
    }
    for (Precision known : Precision.values()) {
      if (name(known).equals(precision)) {
        return known;
      }
    }
    throw invalid("precision", "must be float32 or bfloat16, not '" + precision + "'");
  }

  private static int positive(Integer value, String name) {
    if (value == null) {
      throw new InvalidJobException("required", FIELD + name, FIELD + name + " is required");
    }
    if (value <= 0) {
      throw invalid(name, "must be positive, not " + value);
    }
    return value;
  }

  private static InvalidJobException invalid(String name, String reason) {
    return new InvalidJobException(
        "invalid-hyperparameter", FIELD + name, FIELD + name + " " + reason);
  }
}
