package dev.flexmoe.model.workflow;

import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.model.artifact.ModelVersionManifest;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.tokenizer.FlexTokenizer;
import dev.flexmoe.model.train.Progress;
import dev.flexmoe.model.train.RouterTuning;
import dev.flexmoe.model.train.TokenWindows;
import dev.flexmoe.model.train.TrainingSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Tunes the router rows of a merged model on proxy data (public documents that resemble each
 * domain, plus public data) and writes the tuned model. Every other tensor stays as merged. After
 * tuning, switching an expert off removes its FFN but no longer all of its owner's influence.
 */
public final class TuneRouter {

  private TuneRouter() {}

  public static Path run(
      Path merged,
      Path proxyCorpus,
      TrainingSettings settings,
      Path out,
      Path checkpoints,
      Consumer<Progress> progress) {
    try (FlexTokenizer tokenizer = FlexTokenizer.load(merged.resolve(HfCheckpoint.TOKENIZER));
        NDManager manager = NDManager.newBaseManager()) {
      ModelWeights weights = HfCheckpoint.read(merged, manager);
      if (weights.config().numExperts() < 2) {
        throw new IllegalArgumentException(merged + " has one expert: there is no router to tune");
      }
      TokenizedCorpus data = TokenizedCorpus.of(Corpus.read(proxyCorpus), tokenizer);
      Training.run(
          new FlexOlmoModel(weights),
          RouterTuning.trainables(weights),
          new TokenWindows(data.stream(), weights.config().maxPositionEmbeddings()),
          settings,
          checkpoints,
          progress);
      ModelVersionManifest version = HfCheckpoint.modelVersion(merged).orElse(null);
      HfCheckpoint.write(weights, merged.resolve(HfCheckpoint.TOKENIZER), version, out);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the tokenizer of " + merged, e);
    }
  }
}
