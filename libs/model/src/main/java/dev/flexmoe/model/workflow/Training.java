package dev.flexmoe.model.workflow;

import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import dev.flexmoe.model.train.Checkpoint;
import dev.flexmoe.model.train.Progress;
import dev.flexmoe.model.train.TokenWindows;
import dev.flexmoe.model.train.Trainable;
import dev.flexmoe.model.train.TrainingRun;
import dev.flexmoe.model.train.TrainingSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** Runs a recipe's training, resuming from the newest checkpoint when there is one. */
final class Training {

  private Training() {}

  /** The outcome: the loss history, and whether the run resumed from a checkpoint. */
  record Outcome(List<Double> losses, boolean resumed, double seconds) {
    double finalLoss() {
      int from = Math.max(0, losses.size() - 10);
      return losses.subList(from, losses.size()).stream()
          .mapToDouble(Double::doubleValue)
          .average()
          .orElse(Double.NaN);
    }
  }

  static Outcome run(
      FlexOlmoModel model,
      List<Trainable> trainables,
      TokenWindows data,
      TrainingSettings settings,
      Path checkpoints,
      Consumer<Progress> progress) {
    long started = System.nanoTime();
    try (TrainingRun run = new TrainingRun(model, trainables, data, settings, Forward.defaults())) {
      boolean resumed = false;
      if (checkpoints != null) {
        var latest = Checkpoint.latest(checkpoints);
        if (latest.isPresent()) {
          Checkpoint.restore(run, latest.get());
          resumed = true;
        }
      }
      run.run(settings.steps(), progress, checkpoints);
      return new Outcome(run.losses(), resumed, (System.nanoTime() - started) / 1e9);
    }
  }
}
