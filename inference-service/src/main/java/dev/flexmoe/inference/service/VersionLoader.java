package dev.flexmoe.inference.service;

import ai.djl.ndarray.NDManager;
import dev.flexmoe.events.ModelVersionPublished;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.artifact.ExpertWeights;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.model.artifact.Merger;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.tokenizer.FlexTokenizer;
import dev.flexmoe.model.workflow.LoadedModel;
import dev.flexmoe.registryclient.ArtifactStore;
import dev.flexmoe.registryclient.ExpertFiles;
import dev.flexmoe.registryclient.PublicModelInfo;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Builds a {@link ServedVersion} from a published version: the public model and each expert from
 * the registry by digest (verified and cached on disk by the artifact store), merged in memory as
 * the merge service merged them. Public models and experts already in memory are reused by digest,
 * not read again; those no version uses any more are freed after each load.
 */
@ApplicationScoped
public class VersionLoader {

  @Inject ArtifactStore store;

  @ConfigProperty(name = "inference.max-batch")
  int maxBatch;

  private final Map<String, LoadedModel> publicModels = new HashMap<>();
  private final Map<String, Path> publicDirs = new HashMap<>();
  private final Map<String, ExpertWeights> experts = new HashMap<>();
  private final NDManager expertManager = NDManager.newBaseManager();

  /**
   * @throws VersionLoadException when an artifact is missing, does not hash to its digest, or does
   *     not fit the public model
   */
  public synchronized ServedVersion load(ModelVersionPublished version) {
    LoadedModel publicModel = publicModel(version.publicDigest());
    List<ModelVersionPublished.Expert> rows =
        version.experts().stream()
            .sorted(Comparator.comparingInt(ModelVersionPublished.Expert::routerRow))
            .toList();
    List<ExpertWeights> weights = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (ModelVersionPublished.Expert expert : rows) {
      weights.add(expert(expert, version.publicDigest(), publicModel));
      names.add(expert.expertId());
    }
    NDManager manager = NDManager.newBaseManager();
    try {
      ModelWeights merged =
          Merger.merge(publicModel.weights(), weights, names, version.topK(), false, manager);
      List<String> byRow = new ArrayList<>();
      byRow.add(ServedVersion.PUBLIC);
      byRow.addAll(names);
      ServedVersion served =
          new ServedVersion(
              version.modelName(),
              version.version(),
              byRow,
              manager,
              new FlexOlmoModel(merged),
              // its own tokenizer: the public model's may be freed while this version drains
              tokenizer(publicDirs.get(version.publicDigest())),
              maxBatch);
      retainOnly(version);
      return served;
    } catch (RuntimeException e) {
      manager.close();
      throw new VersionLoadException(
          "version "
              + version.version()
              + " of "
              + version.modelName()
              + " does not merge: "
              + e.getMessage(),
          e);
    }
  }

  private static FlexTokenizer tokenizer(Path publicDir) {
    try {
      return FlexTokenizer.load(publicDir.resolve(HfCheckpoint.TOKENIZER));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tokenizer of " + publicDir, e);
    }
  }

  private LoadedModel publicModel(String digest) {
    LoadedModel loaded = publicModels.get(digest);
    if (loaded != null) {
      return loaded;
    }
    PublicModelInfo info =
        store
            .publicModel(digest)
            .orElseThrow(
                () -> new VersionLoadException("the registry has no public model " + digest, null));
    Path dir = store.publicModelDir(info);
    loaded = LoadedModel.open(dir);
    publicModels.put(digest, loaded);
    publicDirs.put(digest, dir);
    return loaded;
  }

  private ExpertWeights expert(
      ModelVersionPublished.Expert expert, String publicDigest, LoadedModel publicModel) {
    ExpertWeights loaded = experts.get(expert.artifactDigest());
    if (loaded != null) {
      return loaded;
    }
    try (ExpertFiles files = store.expert(expert.expertId(), expert.artifactDigest())) {
      if (!files.digestVerified()) {
        throw new VersionLoadException(
            "expert " + expert.expertId() + " does not hash to " + expert.artifactDigest(), null);
      }
      ExpertArtifact artifact = ExpertArtifact.open(files.dir());
      if (!artifact.manifest().anchorDigest().equals(publicDigest)) {
        throw new VersionLoadException(
            "expert " + expert.expertId() + " was trained against another public model", null);
      }
      loaded = artifact.weights(publicModel.weights().config(), expertManager);
      experts.put(expert.artifactDigest(), loaded);
      return loaded;
    }
  }

  /** Frees the experts and public models that {@code version} does not use. */
  private void retainOnly(ModelVersionPublished version) {
    Set<String> digests = new HashSet<>();
    version.experts().forEach(expert -> digests.add(expert.artifactDigest()));
    experts
        .entrySet()
        .removeIf(
            entry -> {
              if (digests.contains(entry.getKey())) {
                return false;
              }
              entry.getValue().close();
              return true;
            });
    publicModels
        .entrySet()
        .removeIf(
            entry -> {
              if (entry.getKey().equals(version.publicDigest())) {
                return false;
              }
              entry.getValue().close();
              publicDirs.remove(entry.getKey());
              return true;
            });
  }

  @PreDestroy
  synchronized void close() {
    experts.values().forEach(ExpertWeights::close);
    publicModels.values().forEach(LoadedModel::close);
    expertManager.close();
  }
}
