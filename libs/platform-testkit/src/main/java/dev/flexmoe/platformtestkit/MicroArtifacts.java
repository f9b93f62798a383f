package dev.flexmoe.platformtestkit;

import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.train.TrainingSettings;
import dev.flexmoe.model.workflow.TrainExpert;
import dev.flexmoe.model.workflow.TrainPublicModel;
import dev.flexmoe.model.workflow.TrainTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A micro public model and experts trained on the shipped FlexMix-lite sample, as an operator and
 * data owners would with the CLI: made once per build under {@code root} (seconds), then reused.
 * Every expert is trained at the first call, before a test starts the service under test: its
 * forward passes may run in the same JVM, and PyTorch's gradient mode is global.
 */
public final class MicroArtifacts {

  /** An expert to train: its domain (a folder of the sample) and its owner. */
  public record Expert(String domain, String owner) {}

  private static final Path SAMPLE = Path.of("../data/flexmix-lite-sample");

  private final Path root;
  private final List<Expert> experts;
  private final int expertSteps;

  /**
   * @param root where the artifacts are kept, e.g. {@code target/micro-artifacts}
   * @param expertSteps training steps per expert (the public model trains 200)
   */
  public MicroArtifacts(Path root, List<Expert> experts, int expertSteps) {
    this.root = root;
    this.experts = List.copyOf(experts);
    this.expertSteps = expertSteps;
  }

  /** The public model's checkpoint directory, with every expert trained. */
  public synchronized Path publicModel() {
    Path dir = trainedPublicModel();
    experts.forEach(this::train);
    return dir;
  }

  /** The directory of a trained expert of the list. */
  public synchronized Path expert(String domain, String owner) {
    Expert expert = new Expert(domain, owner);
    if (!experts.contains(expert)) {
      throw new IllegalArgumentException(
          domain + "/" + owner + " is not among the trained experts");
    }
    publicModel();
    return ExpertArtifact.open(dirOf(expert)).dir();
  }

  private Path trainedPublicModel() {
    Path out = root.resolve("public");
    if (!Files.exists(out)) {
      try {
        Files.createDirectories(root);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Path tokenizer = root.resolve("tokenizer.json");
      TrainTokenizer.run(SAMPLE.resolve("public/train.jsonl.gz"), 384, tokenizer);
      TrainPublicModel.run(
          SAMPLE.resolve("public/train.jsonl.gz"),
          tokenizer,
          "micro",
          settings(200, 7),
          7,
          out,
          root.resolve("public.checkpoints"),
          progress -> {});
    }
    return out;
  }

  private Path dirOf(Expert expert) {
    return root.resolve(expert.domain() + "-" + expert.owner() + "-" + expertSteps);
  }

  private void train(Expert expert) {
    Path out = dirOf(expert);
    if (!Files.exists(out)) {
      TrainExpert.run(
          trainedPublicModel(),
          SAMPLE.resolve(expert.domain() + "/train.jsonl.gz"),
          SAMPLE.resolve(expert.domain() + "/validation.jsonl.gz"),
          expert.domain(),
          expert.owner(),
          settings(expertSteps, (expert.domain() + "/" + expert.owner()).hashCode()),
          out,
          root.resolve(expert.domain() + "-" + expert.owner() + "-" + expertSteps + ".checkpoints"),
          progress -> {});
    }
  }

  private static TrainingSettings settings(int steps, long seed) {
    return new TrainingSettings(steps, 8, 3e-3, 3e-4, Math.max(1, steps / 20), 1.0, 1e-3, seed, 0);
  }
}
