package dev.flexmoe.model.artifact;

import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges a public model directory with expert artifacts: each artifact must name this public model
 * as its anchor and fit its shapes; the result is a model version (weights and manifest).
 */
public final class ModelMerge {

  private ModelMerge() {}

  /** The merged weights and the manifest describing them. */
  public record Result(ModelWeights weights, ModelVersionManifest manifest) {}

  public static Result merge(
      Path publicModel,
      List<Path> expertDirs,
      String name,
      long version,
      int topK,
      boolean keepBias,
      NDManager manager) {
    FlexOlmoConfig publicConfig = HfCheckpoint.config(publicModel);
    if (publicConfig.numExperts() != 1) {
      throw new MergeException(
          publicModel + " is not a public model: it has " + publicConfig.numExperts() + " experts");
    }
    String anchor = HfCheckpoint.digest(publicModel);
    List<ExpertArtifact> artifacts = new ArrayList<>();
    for (Path dir : expertDirs) {
      ExpertArtifact artifact = ExpertArtifact.open(dir);
      if (!artifact.manifest().anchorDigest().equals(anchor)) {
        throw new MergeException(
            "expert '"
                + artifact.manifest().domain()
                + "' was trained against another public model ("
                + artifact.manifest().anchorDigest()
                + "), not this one ("
                + anchor
                + ")");
      }
      artifacts.add(artifact);
    }
    try (NDManager loading = manager.newSubManager()) {
      ModelWeights publicWeights = HfCheckpoint.read(publicModel, loading);
      List<ExpertWeights> experts = new ArrayList<>();
      List<String> names = new ArrayList<>();
      List<ModelVersionManifest.Expert> entries = new ArrayList<>();
      for (ExpertArtifact artifact : artifacts) {
        experts.add(artifact.weights(publicConfig, loading));
        names.add(artifact.manifest().domain());
        entries.add(
            new ModelVersionManifest.Expert(
                artifact.manifest().domain(), artifact.digest(), entries.size() + 1));
      }
      ModelWeights merged = Merger.merge(publicWeights, experts, names, topK, keepBias, manager);
      ModelVersionManifest manifest =
          new ModelVersionManifest(
              ModelVersionManifest.FORMAT_VERSION, name, version, anchor, entries, topK, keepBias);
      return new Result(merged, manifest);
    }
  }
}
