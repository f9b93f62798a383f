package dev.flexmoe.model.workflow;

import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.artifact.DenseExperts;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.model.artifact.Merger;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.tokenizer.FlexTokenizer;
import dev.flexmoe.model.train.Progress;
import dev.flexmoe.model.train.TokenWindows;
import dev.flexmoe.model.train.TrainingSettings;
import dev.flexmoe.model.train.UnrestrictedMoeTraining;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Trains the unrestricted MoE baseline and writes it: the public model upcycled to one copy of its
 * FFN per router row (merged after the public expert, without router biases), then every expert and
 * router trained on the concatenated corpora ({@link UnrestrictedMoeTraining}). It is written
 * without a model-version manifest: its experts come from no expert artifact.
 */
public final class TrainUnrestrictedMoe {

  private TrainUnrestrictedMoe() {}

  /**
   * @param experts the experts' names, in router-row order
   * @param routerRows each expert's initial router row (e.g. its domain's embedding)
   * @param corpora the training data, read in this order and concatenated
   * @param checkpoints where to checkpoint (and resume from); null for none
   */
  public static Path run(
      Path publicModel,
      List<String> experts,
      List<float[]> routerRows,
      List<Path> corpora,
      int topK,
      TrainingSettings settings,
      Path out,
      Path checkpoints,
      Consumer<Progress> progress) {
    Path tokenizerJson = publicModel.resolve(HfCheckpoint.TOKENIZER);
    try (NDManager manager = NDManager.newBaseManager();
        FlexTokenizer tokenizer = FlexTokenizer.load(tokenizerJson)) {
      ModelWeights publicWeights = HfCheckpoint.read(publicModel, manager);
      ModelWeights moe =
          Merger.merge(
              publicWeights,
              DenseExperts.upcycled(publicWeights, routerRows, manager),
              experts,
              topK,
              false,
              manager);
      List<int[]> streams = new ArrayList<>();
      for (Path corpus : corpora) {
        streams.add(TokenizedCorpus.of(Corpus.read(corpus), tokenizer).stream());
      }
      Training.run(
          new FlexOlmoModel(moe),
          UnrestrictedMoeTraining.trainables(moe),
          new TokenWindows(concat(streams), moe.config().maxPositionEmbeddings()),
          settings,
          checkpoints,
          progress);
      HfCheckpoint.write(moe, tokenizerJson, out);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the tokenizer of " + publicModel, e);
    }
  }

  private static int[] concat(List<int[]> streams) {
    int[] all = new int[streams.stream().mapToInt(stream -> stream.length).sum()];
    int position = 0;
    for (int[] stream : streams) {
      System.arraycopy(stream, 0, all, position, stream.length);
      position += stream.length;
    }
    return all;
  }
}
