package dev.flexmoe.model.workflow;

import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.model.artifact.ModelMerge;
import dev.flexmoe.model.artifact.ModelVersionManifest;
import java.nio.file.Path;
import java.util.List;

/** Merges expert artifacts onto their public model and writes the merged checkpoint. */
public final class MergeModels {

  private MergeModels() {}

  public static ModelVersionManifest run(
      Path publicModel,
      List<Path> experts,
      String name,
      long version,
      int topK,
      boolean keepBias,
      Path out) {
    try (NDManager manager = NDManager.newBaseManager()) {
      ModelMerge.Result merged =
          ModelMerge.merge(publicModel, experts, name, version, topK, keepBias, manager);
      HfCheckpoint.write(
          merged.weights(), publicModel.resolve(HfCheckpoint.TOKENIZER), merged.manifest(), out);
      return merged.manifest();
    }
  }
}
