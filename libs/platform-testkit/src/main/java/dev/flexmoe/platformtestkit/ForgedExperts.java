package dev.flexmoe.platformtestkit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.artifact.ExpertManifest;
import dev.flexmoe.model.artifact.ExpertWeights;
import dev.flexmoe.testkit.Directories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Experts that pass the registry's upload checks (a valid, finite safetensors file of the right
 * shapes, a valid manifest) but not the merge service's: a trained expert's projections rewritten.
 */
public final class ForgedExperts {

  private ForgedExperts() {}

  /**
   * {@code good}'s artifact with every projection replaced by {@code rewrite(name, weight)} and its
   * manifest naming {@code anchorDigest}, written to {@code dir} (replaced if there).
   */
  public static Path rewritten(
      Path good,
      FlexOlmoConfig publicConfig,
      String anchorDigest,
      Path dir,
      BiFunction<String, NDArray, NDArray> rewrite) {
    ExpertArtifact artifact = ExpertArtifact.open(good);
    ExpertManifest manifest = artifact.manifest();
    try (NDManager manager = NDManager.newBaseManager()) {
      ExpertWeights weights = artifact.weights(publicConfig, manager);
      ExpertWeights forged = ExpertWeights.empty(manager);
      for (Map.Entry<String, NDArray> tensor : weights.tensors().entrySet()) {
        boolean projection = tensor.getKey().endsWith("_proj.weight");
        forged.put(
            tensor.getKey(),
            projection ? rewrite.apply(tensor.getKey(), tensor.getValue()) : tensor.getValue());
      }
      ExpertManifest.Draft draft =
          new ExpertManifest.Draft(
              anchorDigest,
              manifest.domain(),
              manifest.owner(),
              manifest.model(),
              manifest.data(),
              manifest.training(),
              manifest.metrics());
      if (Files.exists(dir)) {
        Directories.deleteRecursively(dir);
      }
      return ExpertArtifact.write(forged, draft, dir).dir();
    }
  }
}
