package dev.flexmoe.bench.registry;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.artifact.ExpertManifest;
import dev.flexmoe.model.artifact.ExpertWeights;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.model.train.TrainingSettings;
import dev.flexmoe.model.workflow.TrainExpert;
import dev.flexmoe.model.workflow.TrainPublicModel;
import dev.flexmoe.model.workflow.TrainTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A micro public model and one expert trained on the FlexMix-lite sample, and distinct experts
 * derived from it that pass validation as it does (its projections scaled by 1 + a small step):
 * every upload of the benchmark costs a full validation, with no training per upload.
 */
final class TrainedArtifacts {

  private final Path publicModel;
  private final Path expert;

  private TrainedArtifacts(Path publicModel, Path expert) {
    this.publicModel = publicModel;
    this.expert = expert;
  }

  static TrainedArtifacts train(Path sample, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path tokenizer = dir.resolve("tokenizer.json");
    TrainTokenizer.run(sample.resolve("public/train.jsonl.gz"), 384, tokenizer);
    Path publicModel = dir.resolve("public");
    TrainPublicModel.run(
        sample.resolve("public/train.jsonl.gz"),
        tokenizer,
        "micro",
        settings(200, 7),
        7,
        publicModel,
        dir.resolve("public.checkpoints"),
        progress -> {});
    Path expert = dir.resolve("news");
    TrainExpert.run(
        publicModel,
        sample.resolve("news/train.jsonl.gz"),
        sample.resolve("news/validation.jsonl.gz"),
        "news",
        "owner-0",
        settings(40, 11),
        expert,
        dir.resolve("news.checkpoints"),
        progress -> {});
    return new TrainedArtifacts(publicModel, expert);
  }

  Path publicModel() {
    return publicModel;
  }

  Path expert() {
    return expert;
  }

  /** The trained expert with its projections scaled by {@code 1 + 1e-3 * (index + 1)}. */
  BenchArtifacts.Artifact variant(int index, String owner, Path dir) throws IOException {
    ExpertArtifact trained = ExpertArtifact.open(expert);
    ExpertManifest manifest = trained.manifest();
    Path out = Files.createDirectories(dir).resolve("variant-" + index);
    try (NDManager manager = NDManager.newBaseManager()) {
      ExpertWeights weights = trained.weights(HfCheckpoint.config(publicModel), manager);
      ExpertWeights scaled = ExpertWeights.empty(manager);
      float factor = 1 + 1e-3f * (index + 1);
      for (Map.Entry<String, NDArray> tensor : weights.tensors().entrySet()) {
        boolean projection = tensor.getKey().endsWith("_proj.weight");
        scaled.put(tensor.getKey(), projection ? tensor.getValue().mul(factor) : tensor.getValue());
      }
      ExpertArtifact.write(
          scaled,
          new ExpertManifest.Draft(
              manifest.anchorDigest(),
              manifest.domain(),
              owner,
              manifest.model(),
              manifest.data(),
              manifest.training(),
              manifest.metrics()),
          out);
    }
    return new BenchArtifacts.Artifact(
        owner,
        Files.readAllBytes(out.resolve(ExpertArtifact.MANIFEST)),
        Files.readAllBytes(out.resolve(ExpertArtifact.WEIGHTS)));
  }

  private static TrainingSettings settings(int steps, long seed) {
    return new TrainingSettings(steps, 8, 3e-3, 3e-4, Math.max(1, steps / 20), 1.0, 1e-3, seed, 0);
  }
}
