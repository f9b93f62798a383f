package dev.flexmoe.merge;

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
 * data owners would with the CLI: made once per build under {@code target/} (seconds), then reused
 * by every test.
 */
final class MicroArtifacts {

  private static final Path SAMPLE = Path.of("../data/flexmix-lite-sample");
  private static final Path ROOT = Path.of("target/micro-artifacts");

  private MicroArtifacts() {}

  /**
   * Every expert the tests use, as domain and owner: all are trained at the first call, before any
   * test starts a validation, since the service's forward passes run in this JVM too and PyTorch's
   * gradient mode is global.
   */
  private static final List<List<String>> EXPERTS =
      List.of(
          List.of("news", "alice"),
          List.of("educational", "bob"),
          List.of("news", "carol"),
          List.of("code", "carol"),
          List.of("news", "dave"));

  private static final int EXPERT_STEPS = 40;

  /** The public model's checkpoint directory, with every expert of {@link #EXPERTS} trained. */
  static synchronized Path publicModel() {
    Path dir = trainedPublicModel();
    EXPERTS.forEach(expert -> train(expert.get(0), expert.get(1)));
    return dir;
  }

  /** A trained expert of {@link #EXPERTS}. */
  static synchronized Path expert(String domain, String owner) {
    if (!EXPERTS.contains(List.of(domain, owner))) {
      throw new IllegalArgumentException(
          domain + "/" + owner + " is not among the trained experts");
    }
    publicModel();
    return ExpertArtifact.open(dirOf(domain, owner)).dir();
  }

  private static Path trainedPublicModel() {
    Path out = ROOT.resolve("public");
    if (!Files.exists(out)) {
      createRoot();
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

  private static Path dirOf(String domain, String owner) {
    return ROOT.resolve(domain + "-" + owner + "-" + EXPERT_STEPS);
  }

  private static void train(String domain, String owner) {
    Path out = dirOf(domain, owner);
    int steps = EXPERT_STEPS;
    if (!Files.exists(out)) {
      TrainExpert.run(
          trainedPublicModel(),
          SAMPLE.resolve(domain + "/train.jsonl.gz"),
          SAMPLE.resolve(domain + "/validation.jsonl.gz"),
          domain,
          owner,
          settings(steps, (domain + "/" + owner).hashCode()),
          out,
          ROOT.resolve(domain + "-" + owner + "-" + steps + ".checkpoints"),
          progress -> {});
    }
  }

  private static void createRoot() {
    try {
      Files.createDirectories(ROOT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static TrainingSettings settings(int steps, long seed) {
    return new TrainingSettings(steps, 8, 3e-3, 3e-4, Math.max(1, steps / 20), 1.0, 1e-3, seed, 0);
  }
}
