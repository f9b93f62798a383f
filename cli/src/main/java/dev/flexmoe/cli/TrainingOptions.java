package dev.flexmoe.cli;

import dev.flexmoe.model.nn.Precision;
import dev.flexmoe.model.train.Checkpoint;
import dev.flexmoe.model.train.Progress;
import dev.flexmoe.model.train.TrainingSettings;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every training command shares, with defaults that suit the micro preset on a laptop:
 * the length of the run, the optimizer schedule, the data order and the checkpoints.
 */
final class TrainingOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--steps", required = true, paramLabel = "N", description = "Optimizer steps.")
  int steps;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description = "Sequences per step (default: ${DEFAULT-VALUE}).")
  int batchSize = TrainingSettings.DEFAULT_BATCH_SIZE;

  @Option(
      names = "--lr",
      paramLabel = "RATE",
      description = "Peak learning rate, after warm-up (default: ${DEFAULT-VALUE}).")
  double learningRate = TrainingSettings.DEFAULT_PEAK_LEARNING_RATE;

  @Option(
      names = "--min-lr",
      paramLabel = "RATE",
      description = "Learning rate at the end of the cosine decay (default: --lr / 10).")
  Double minLearningRate;

  @Option(
      names = "--warmup",
      paramLabel = "STEPS",
      description = "Linear warm-up steps (default: --steps / 20).")
  Integer warmupSteps;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seed of the data order (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--checkpoint-every",
      paramLabel = "N",
      description =
          "Steps between checkpoints; 0 for only the final one (default: ${DEFAULT-VALUE}).")
  int checkpointEvery = TrainingSettings.DEFAULT_CHECKPOINT_EVERY;

  @Option(
      names = "--precision",
      paramLabel = "FORMAT",
      description =
          "Number format of the matrix products: ${COMPLETION-CANDIDATES} (default:"
              + " ${DEFAULT-VALUE}). BFLOAT16 is mixed precision (float32 weights, gradients and"
              + " optimizer), about twice as fast on CPUs with native bfloat16 (AVX512-BF16, AMX)"
              + " and slower on others.")
  Precision precision = Precision.FLOAT32;

  @Option(
      names = "--checkpoints",
      paramLabel = "DIR",
      description =
          "Where checkpoints go (default: the output path with '.checkpoints' appended). A run"
              + " started again with the same arguments resumes from the newest one.")
  Path checkpoints;

  private TrainingSettings settings() {
    requirePositive(steps, "--steps");
    requirePositive(batchSize, "--batch-size");
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw invalid("--lr must be a positive number, not " + learningRate);
    }
    double minimum =
        minLearningRate == null
            ? TrainingSettings.defaultMinLearningRate(learningRate)
            : minLearningRate;
    if (!(minimum >= 0) || minimum > learningRate) {
      throw invalid("--min-lr must be between 0 and --lr (" + learningRate + "), not " + minimum);
    }
    int warmup = warmupSteps == null ? TrainingSettings.defaultWarmupSteps(steps) : warmupSteps;
    if (warmup < 0) {
      throw invalid("--warmup must not be negative, not " + warmup);
    }
    if (checkpointEvery < 0) {
      throw invalid("--checkpoint-every must not be negative, not " + checkpointEvery);
    }
    return new TrainingSettings(
        steps,
        batchSize,
        learningRate,
        minimum,
        warmup,
        TrainingSettings.GRADIENT_CLIP,
        TrainingSettings.ROUTER_Z_LOSS,
        seed,
        checkpointEvery,
        precision);
  }

  /** A training workflow of libs/model, given what these options decide. */
  interface Workflow<T> {
    T run(TrainingSettings settings, Path checkpoints, Consumer<Progress> progress);
  }

  /**
   * Runs a workflow that writes {@code out}, with a progress bar named {@code task}. Before a run
   * that may take hours, checks the options and that {@code out} can be written, and says when the
   * run resumes from a checkpoint.
   */
  <T> T run(String task, Path out, Workflow<T> workflow) {
    TrainingSettings settings = settings();
    Flexmoe.requireNewOutput(out);
    Path dir = checkpointsOf(out);
    CommandLine cmd = spec.commandLine();
    Checkpoint.latest(dir)
        .ifPresent(latest -> cmd.getErr().println("resuming from checkpoint " + latest));
    try (TrainingProgressBar bar = Flexmoe.root(cmd).progressBar(task, cmd.getErr())) {
      return workflow.run(settings, dir, bar);
    }
  }

  /** Where the checkpoints of a run writing {@code out} go. */
  Path checkpointsOf(Path out) {
    return checkpoints != null
        ? checkpoints
        : out.toAbsolutePath().resolveSibling(out.getFileName() + ".checkpoints");
  }

  private void requirePositive(int value, String option) {
    if (value <= 0) {
      throw invalid(option + " must be positive, not " + value);
    }
  }

  private ParameterException invalid(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
