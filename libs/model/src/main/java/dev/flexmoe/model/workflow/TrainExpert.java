package dev.flexmoe.model.workflow;

import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.artifact.ExpertManifest;
import dev.flexmoe.model.artifact.ExpertWeights;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.model.eval.BitsPerByte;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import dev.flexmoe.model.tokenizer.FlexTokenizer;
import dev.flexmoe.model.train.ExpertTraining;
import dev.flexmoe.model.train.Progress;
import dev.flexmoe.model.train.RouterInit;
import dev.flexmoe.model.train.TokenWindows;
import dev.flexmoe.model.train.TrainingSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Trains a FlexOlmo expert on one owner's data against the public model and writes the expert
 * artifact. Only this owner's corpus is read; the artifact carries the expert's tensors and
 * statistics, never text.
 */
public final class TrainExpert {

  private TrainExpert() {}

  /**
   * @param validation held-out text of the same domain to report bits per byte on; null for none
   */
  public static ExpertArtifact run(
      Path publicModel,
      Path corpus,
      Path validation,
      String domain,
      String owner,
      TrainingSettings settings,
      Path out,
      Path checkpoints,
      Consumer<Progress> progress) {
    return run(
        publicModel,
        corpus,
        validation,
        domain,
        owner,
        settings,
        new RouterInit.PublicEmbedding(),
        out,
        checkpoints,
        progress);
  }

  /** As above, with the router row started from {@code routerInit}. */
  public static ExpertArtifact run(
      Path publicModel,
      Path corpus,
      Path validation,
      String domain,
      String owner,
      TrainingSettings settings,
      RouterInit routerInit,
      Path out,
      Path checkpoints,
      Consumer<Progress> progress) {
    try (FlexTokenizer tokenizer = FlexTokenizer.load(publicModel.resolve(HfCheckpoint.TOKENIZER));
        NDManager manager = NDManager.newBaseManager()) {
      ModelWeights publicWeights = HfCheckpoint.read(publicModel, manager);
      FlexOlmoConfig config = publicWeights.config();
      List<String> texts = Corpus.read(corpus);
      TokenizedCorpus data = TokenizedCorpus.of(texts, tokenizer);
      FlexOlmoModel publicNet = new FlexOlmoModel(publicWeights);
      float[] embedding = routerInit.row(publicNet, texts, data.tokenLists(), settings.seed());
      ModelWeights model = ExpertTraining.coordinatedModel(publicWeights, embedding);
      FlexOlmoModel net = new FlexOlmoModel(model);
      Training.Outcome outcome =
          Training.run(
              net,
              ExpertTraining.trainables(model),
              new TokenWindows(data.stream(), config.maxPositionEmbeddings()),
              settings,
              checkpoints,
              progress);
      Map<String, Double> metrics = new LinkedHashMap<>();
      metrics.put("trainLoss", outcome.finalLoss());
      if (validation != null) {
        TokenizedCorpus held = TokenizedCorpus.of(Corpus.read(validation), tokenizer);
        int start = data.endOfDocument();
        metrics.put(
            ExpertManifest.VALIDATION_BITS_PER_BYTE,
            BitsPerByte.evaluate(net, held.documents(), start, Forward.defaults()).bitsPerByte());
        metrics.put(
            ExpertManifest.PUBLIC_VALIDATION_BITS_PER_BYTE,
            BitsPerByte.evaluate(publicNet, held.documents(), start, Forward.defaults())
                .bitsPerByte());
      }
      ExpertManifest.Draft manifest =
          new ExpertManifest.Draft(
              HfCheckpoint.digest(publicModel),
              domain,
              owner,
              ExpertManifest.Shape.of(config),
              Map.of(
                  "documents",
                  (long) data.documents().size(),
                  "tokens",
                  data.tokens(),
                  "bytes",
                  data.bytes()),
              Map.of(
                  "steps", (double) settings.steps(),
                  "batchSize", (double) settings.batchSize(),
                  "sequenceLength", (double) config.maxPositionEmbeddings(),
                  "peakLearningRate", settings.peakLearningRate(),
                  "seed", (double) settings.seed(),
                  "seconds", outcome.seconds()),
              metrics);
      try (ExpertWeights expert = ExpertWeights.fromTrainedModel(model)) {
        return ExpertArtifact.write(expert, manifest, out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the tokenizer of " + publicModel, e);
    }
  }
}
