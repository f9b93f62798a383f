package dev.flexmoe.model.workflow;

import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.model.artifact.ModelVersionManifest;
import dev.flexmoe.model.nn.ExpertMask;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.tokenizer.FlexTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A checkpoint directory opened for use: weights, tokenizer, and for a merged model the names of
 * its experts (so that they can be switched off by name). Closing it frees everything.
 */
public final class LoadedModel implements AutoCloseable {

  private final NDManager manager;
  private final ModelWeights weights;
  private final FlexTokenizer tokenizer;
  private final Optional<ModelVersionManifest> version;

  private LoadedModel(
      NDManager manager,
      ModelWeights weights,
      FlexTokenizer tokenizer,
      Optional<ModelVersionManifest> version) {
    this.manager = manager;
    this.weights = weights;
    this.tokenizer = tokenizer;
    this.version = version;
  }

  public static LoadedModel open(Path dir) {
    Path tokenizerFile = dir.resolve(HfCheckpoint.TOKENIZER);
    if (!Files.isRegularFile(tokenizerFile)) {
      throw new IllegalArgumentException(dir + " has no " + HfCheckpoint.TOKENIZER);
    }
    NDManager manager = NDManager.newBaseManager();
    try {
      ModelWeights weights = HfCheckpoint.read(dir, manager);
      FlexTokenizer tokenizer = FlexTokenizer.load(tokenizerFile);
      if (tokenizer.vocabSize() != weights.config().vocabSize()) {
        tokenizer.close();
        throw new IllegalArgumentException(
            dir
                + ": the tokenizer has "
                + tokenizer.vocabSize()
                + " tokens, the model "
                + weights.config().vocabSize());
      }
      return new LoadedModel(manager, weights, tokenizer, HfCheckpoint.modelVersion(dir));
    } catch (IOException e) {
      manager.close();
      throw new UncheckedIOException("cannot load the tokenizer of " + dir, e);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  public FlexOlmoModel model() {
    return new FlexOlmoModel(weights);
  }

  public ModelWeights weights() {
    return weights;
  }

  public FlexTokenizer tokenizer() {
    return tokenizer;
  }

  /** Expert names by router row (row 0 is "public"), from the model-version manifest. */
  public List<String> expertNames() {
    List<String> names = new ArrayList<>();
    names.add("public");
    version.ifPresent(manifest -> manifest.experts().forEach(expert -> names.add(expert.name())));
    while (names.size() < weights.config().numExperts()) {
      names.add(Integer.toString(names.size()));
    }
    return names;
  }

  /**
   * A mask from expert names or row numbers: all experts but {@code excluded}, or, when {@code
   * only} is not empty, the public expert and those.
   */
  public ExpertMask mask(List<String> excluded, List<String> only) {
    int experts = weights.config().numExperts();
    if (!only.isEmpty()) {
      return ExpertMask.only(experts, only.stream().map(this::row).toList());
    }
    return ExpertMask.excluding(experts, excluded.stream().map(this::row).toList());
  }

  private int row(String nameOrRow) {
    List<String> names = expertNames();
    int index = names.indexOf(nameOrRow);
    if (index >= 0) {
      return index;
    }
    try {
      return Integer.parseInt(nameOrRow);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "no expert '" + nameOrRow + "'; this model has " + String.join(", ", names));
    }
  }

  @Override
  public void close() {
    tokenizer.close();
    manager.close();
  }
}
