package dev.flexmoe.cli;

import dev.flexmoe.model.workflow.TrainPublicModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flexmoe train public}: pretrains the public model, the anchor of every expert. */
@Command(
    name = "public",
    description = {
      "Pretrain the public model on the public corpus: a dense FlexOlmo (one expert) whose digest"
          + " every expert names as its anchor."
    })
final class TrainPublicCommand implements Callable<Integer> {

  /**
   * The model sizes offered here (olmo2-7b is for shape checks, not for training on a laptop),
   * spelled as the user types them: picocli lists the constants' names in its messages.
   */
  enum Preset {
    micro,
    tiny,
    small
  }

  @Spec CommandSpec spec;

  @Mixin TrainingPaths paths;

  @Option(
      names = "--tokenizer",
      required = true,
      paramLabel = "FILE",
      description = "tokenizer.json (from 'flexmoe tokenizer train').")
  Path tokenizer;

  @Option(
      names = "--preset",
      required = true,
      paramLabel = "NAME",
      description =
          "Model size: ${COMPLETION-CANDIDATES} (micro trains in minutes on a laptop, tiny in an"
              + " hour on 2 cores, small wants a GPU).")
  Preset preset;

  @Option(
      names = "--init-seed",
      paramLabel = "N",
      description = "Seed of the weight initialization (default: ${DEFAULT-VALUE}).")
  long initSeed;

  @Mixin TrainingOptions training;

  @Override
  public Integer call() {
    TrainPublicModel.Summary summary =
        training.run(
            "public",
            paths.out,
            (settings, checkpoints, progress) ->
                TrainPublicModel.run(
                    paths.corpus,
                    tokenizer,
                    preset.name(),
                    settings,
                    initSeed,
                    paths.out,
                    checkpoints,
                    progress));
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.printf("wrote public model %s%n", summary.dir());
    stdout.printf("  digest      %s%n", summary.digest());
    stdout.printf(
        Locale.ROOT,
        "  train loss  %.4f (mean of the last steps), %s corpus tokens, %.1f s%n",
        summary.finalLoss(),
        TextTable.compact(summary.corpusTokens()),
        summary.seconds());
    stdout.printf("  checkpoints %s%n", training.checkpointsOf(paths.out));
    return 0;
  }
}
