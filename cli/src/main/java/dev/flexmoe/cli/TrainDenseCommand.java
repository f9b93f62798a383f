package dev.flexmoe.cli;

import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.model.train.DenseDomainTraining.Parameters;
import dev.flexmoe.model.workflow.TrainDenseModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flexmoe train dense}: a dense domain model, ingredient of the merging baselines. */
@Command(
    name = "dense",
    description = {
      "Continue pretraining the public model on one domain (its feed-forward layers, or with"
          + " --all-parameters every tensor) and write the dense domain model (for the model-soup"
          + " and BTM baselines)."
    })
final class TrainDenseCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin PublicModelOption publicModel;

  @Mixin TrainingPaths paths;

  @Mixin TrainingOptions training;

  @Option(
      names = "--all-parameters",
      description =
          "Train every tensor, not only the feed-forward layers (the model can then no longer be"
              + " merged as an expert beside the public model's attention).")
  boolean allParameters;

  @Override
  public Integer call() {
    Path written =
        training.run(
            "dense",
            paths.out,
            (settings, checkpoints, progress) ->
                TrainDenseModel.run(
                    publicModel.dir,
                    paths.corpus,
                    allParameters ? Parameters.ALL : Parameters.FFN,
                    settings,
                    paths.out,
                    checkpoints,
                    progress));
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.printf("wrote dense model %s%n", written);
    stdout.printf("  digest      %s%n", HfCheckpoint.digest(written));
    stdout.printf("  checkpoints %s%n", training.checkpointsOf(paths.out));
    return 0;
  }
}
