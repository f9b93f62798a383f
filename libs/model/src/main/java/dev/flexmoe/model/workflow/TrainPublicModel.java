package dev.flexmoe.model.workflow;

import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.tokenizer.FlexTokenizer;
import dev.flexmoe.model.train.DomainEmbedding;
import dev.flexmoe.model.train.Progress;
import dev.flexmoe.model.train.PublicPretraining;
import dev.flexmoe.model.train.TokenWindows;
import dev.flexmoe.model.train.TrainingSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Pretrains the public model on the public corpus and writes it as a checkpoint directory with its
 * tokenizer and its public router embedding: the anchor every expert is trained against.
 */
public final class TrainPublicModel {

  private TrainPublicModel() {}

  /**
   * @param preset micro, tiny, small or olmo2-7b (vocabulary from the tokenizer)
   * @param initSeed seed of the weight initialization
   * @param checkpoints where to checkpoint (and resume from); null for none
   */
  public static Summary run(
      Path corpus,
      Path tokenizerJson,
      String preset,
      TrainingSettings settings,
      long initSeed,
      Path out,
      Path checkpoints,
      Consumer<Progress> progress) {
    try (FlexTokenizer tokenizer = FlexTokenizer.load(tokenizerJson);
        NDManager manager = NDManager.newBaseManager()) {
      FlexOlmoConfig config =
          FlexOlmoConfig.preset(preset, tokenizer.vocabSize())
              .withEosTokenId((int) tokenizer.eosId());
      TokenizedCorpus data = TokenizedCorpus.of(Corpus.read(corpus), tokenizer);
      ModelWeights weights = ModelWeights.initialize(config, manager, initSeed);
      FlexOlmoModel model = new FlexOlmoModel(weights);
      Training.Outcome outcome =
          Training.run(
              model,
              PublicPretraining.trainables(weights, 0.1f),
              new TokenWindows(data.stream(), config.maxPositionEmbeddings()),
              settings,
              checkpoints,
              progress);
      PublicPretraining.setPublicRouterEmbedding(
          weights, DomainEmbedding.compute(model, data.tokenLists(), initSeed));
      HfCheckpoint.write(weights, tokenizerJson, out);
      return new Summary(
          out, HfCheckpoint.digest(out), outcome.finalLoss(), data.tokens(), outcome.seconds());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load tokenizer " + tokenizerJson, e);
    }
  }

  /** What was written: where, its digest (the anchor), its final training loss. */
  public record Summary(
      Path dir, String digest, double finalLoss, long corpusTokens, double seconds) {}
}
