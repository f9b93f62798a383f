package dev.flexmoe.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import dev.flexmoe.model.eval.BitsPerByte;
import dev.flexmoe.model.eval.EncodedDocument;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import dev.flexmoe.model.train.DenseDomainTraining.Parameters;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dense domain models on a synthetic domain: FFN-only training changes nothing but the FFNs;
 * all-parameter training changes every tensor but the router row, and fits the domain better.
 */
class DenseDomainTrainingTest {

  private static final int CONTEXT = 32;
  private static final TrainingSettings DENSE =
      new TrainingSettings(60, 8, 3e-3, 3e-4, 5, 1.0, 1e-3, 2, 0);

  private static NDManager manager;
  private static ModelWeights publicWeights;
  private static final Map<Parameters, ModelWeights> trained = new TreeMap<>();
  private static List<EncodedDocument> heldOut;

  @BeforeAll
  static void trainBoth() {
    manager = NDManager.newBaseManager();
    publicWeights = SyntheticDomains.pretrainedPublicModel(manager);
    int[] stream = SyntheticDomains.domain(1, 20_000, 31);
    for (Parameters parameters : Parameters.values()) {
      ModelWeights copy = copyOf(publicWeights);
      try (TrainingRun run =
          new TrainingRun(
              new FlexOlmoModel(copy),
              DenseDomainTraining.trainables(copy, parameters),
              new TokenWindows(stream, CONTEXT),
              DENSE,
              Forward.defaults())) {
        run.run(DENSE.steps(), progress -> {});
      }
      trained.put(parameters, copy);
    }
    heldOut =
        SyntheticDomains.documents(SyntheticDomains.domain(1, 2_000, 41), CONTEXT).stream()
            .map(tokens -> new EncodedDocument(tokens, tokens.length))
            .toList();
  }

  @AfterAll
  static void free() {
    manager.close();
  }

  private static ModelWeights copyOf(ModelWeights weights) {
    ModelWeights copy = ModelWeights.empty(weights.config(), manager);
    weights.tensors().forEach((name, tensor) -> copy.put(name, tensor.duplicate()));
    return copy;
  }

  private static boolean unchanged(ModelWeights model, String name) {
    return Arrays.equals(model.get(name).toFloatArray(), publicWeights.get(name).toFloatArray());
  }

  private static boolean isFfn(String name) {
    for (int layer = 0; layer < publicWeights.config().numHiddenLayers(); layer++) {
      for (String projection : TensorNames.PROJECTIONS) {
        if (name.equals(TensorNames.expert(layer, 0, projection))) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void ffnTrainingLeavesEveryOtherTensorBitIdentical() {
    ModelWeights ffnOnly = trained.get(Parameters.FFN);
    for (String name : publicWeights.tensors().keySet()) {
      assertThat(unchanged(ffnOnly, name)).as(name).isEqualTo(!isFfn(name));
    }
  }

  @Test
  void allParameterTrainingChangesEveryTensorButTheRouterRow() {
    ModelWeights all = trained.get(Parameters.ALL);
    for (String name : publicWeights.tensors().keySet()) {
      assertThat(unchanged(all, name)).as(name).isEqualTo(name.endsWith(".gate.weight"));
    }
  }

  @Test
  void bothFitTheDomainBetterThanThePublicModelAndAllParametersBest() {
    double publicBits = bits(publicWeights);
    double ffnBits = bits(trained.get(Parameters.FFN));
    double allBits = bits(trained.get(Parameters.ALL));

    assertThat(ffnBits).isLessThan(publicBits);
    assertThat(allBits).isLessThan(ffnBits);
  }

  private static double bits(ModelWeights weights) {
    return BitsPerByte.evaluate(new FlexOlmoModel(weights), heldOut, 0, Forward.defaults())
        .bitsPerByte();
  }
}
