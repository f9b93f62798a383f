package dev.flexmoe.inference;

import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.train.TrainingSettings;
import dev.flexmoe.model.workflow.TrainExpert;
import dev.flexmoe.model.workflow.TrainPublicModel;
import dev.flexmoe.model.workflow.TrainTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A micro public model and two experts trained on the shipped FlexMix-lite sample, as an operator
 * and two data owners would: made once per build under {@code target/} (seconds), then reused.
 */
final class MicroModels {

  private static final Path SAMPLE = Path.of("../data/flexmix-lite-sample");
  private static final Path ROOT = Path.of("target/micro-models");

  private MicroModels() {}

  static synchronized Path publicModel() {
    Path out = ROOT.resolve("public");
    if (!Files.exists(out)) {
      try {
        Files.createDirectories(ROOT);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Path tokenizer = ROOT.resolve("tokenizer.json");
      TrainTokenizer.run(SAMPLE.resolve("public/train.jsonl.gz"), 384, tokenizer);
      TrainPublicModel.run(
          SAMPLE.resolve("public/train.jsonl.gz"),
          tokenizer,
          "micro",
          settings(200, 7),
          7,
          out,
          ROOT.resolve("public.checkpoints"),
          progress -> {});
    }
    return out;
  }

  /** An expert of {@code owner} trained on {@code domain}. */
  static synchronized ExpertArtifact expert(String domain, String owner) {
    Path out = ROOT.resolve(domain + "-" + owner);
    if (!Files.exists(out)) {
      TrainExpert.run(
          publicModel(),
          SAMPLE.resolve(domain + "/train.jsonl.gz"),
          SAMPLE.resolve(domain + "/validation.jsonl.gz"),
          domain,
          owner,
          settings(40, (domain + "/" + owner).hashCode()),
          out,
          ROOT.resolve(domain + "-" + owner + ".checkpoints"),
          progress -> {});
    }
    return ExpertArtifact.open(out);
  }

  private static TrainingSettings settings(int steps, long seed) {
    return new TrainingSettings(steps, 8, 3e-3, 3e-4, Math.max(1, steps / 20), 1.0, 1e-3, seed, 0);
  }
}
