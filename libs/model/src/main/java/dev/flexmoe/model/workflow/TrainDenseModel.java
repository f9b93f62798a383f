package dev.flexmoe.model.workflow;

import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.tokenizer.FlexTokenizer;
import dev.flexmoe.model.train.DenseDomainTraining;
import dev.flexmoe.model.train.Progress;
import dev.flexmoe.model.train.TokenWindows;
import dev.flexmoe.model.train.TrainingSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Continues pretraining the public model on one domain (its FFNs, or all its parameters) and writes
 * the dense domain model: an ingredient of the model-soup, BTM and no-coordination baselines.
 */
public final class TrainDenseModel {

  private TrainDenseModel() {}

  /** The FFNs alone, everything else frozen. */
  public static Path run(
      Path publicModel,
      Path corpus,
      TrainingSettings settings,
      Path out,
      Path checkpoints,
      Consumer<Progress> progress) {
    return run(
        publicModel,
        corpus,
        DenseDomainTraining.Parameters.FFN,
        settings,
        out,
        checkpoints,
        progress);
  }

  public static Path run(
      Path publicModel,
      Path corpus,
      DenseDomainTraining.Parameters parameters,
      TrainingSettings settings,
      Path out,
      Path checkpoints,
      Consumer<Progress> progress) {
    try (FlexTokenizer tokenizer = FlexTokenizer.load(publicModel.resolve(HfCheckpoint.TOKENIZER));
        NDManager manager = NDManager.newBaseManager()) {
      ModelWeights weights = HfCheckpoint.read(publicModel, manager);
      TokenizedCorpus data = TokenizedCorpus.of(Corpus.read(corpus), tokenizer);
      Training.run(
          new FlexOlmoModel(weights),
          DenseDomainTraining.trainables(weights, parameters),
          new TokenWindows(data.stream(), weights.config().maxPositionEmbeddings()),
          settings,
          checkpoints,
          progress);
      HfCheckpoint.write(weights, publicModel.resolve(HfCheckpoint.TOKENIZER), out);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the tokenizer of " + publicModel, e);
    }
  }
}
