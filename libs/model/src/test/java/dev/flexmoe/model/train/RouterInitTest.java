package dev.flexmoe.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import dev.flexmoe.model.nn.FlexOlmoModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The router initializations of the ablation (docs/method.md, "router initialization"). */
class RouterInitTest {

  private static final List<String> NEWS =
      List.of(
          "The senate passed the budget bill on Tuesday after a long debate over taxes.",
          "Markets rallied as the central bank held interest rates steady this quarter.",
          "The governor announced new funding for schools and roads in the state address.");
  private static final List<String> CODE =
      List.of(
          "def parse(line):\n    key, value = line.split('=')\n    return key.strip(), value",
          "for i in range(len(items)):\n    if items[i] is None:\n        del items[i]",
          "class Cache:\n    def __init__(self):\n        self.entries = {}\n");
  private static final List<String> PUBLIC =
      List.of(
          "It was a bright cold day in April, and the clocks were striking thirteen.",
          "The old man sat by the river and watched the boats go by in the evening light.");

  private static FlexOlmoModel model(NDManager manager, long seed) {
    return new FlexOlmoModel(
        ModelWeights.initialize(FlexOlmoConfig.micro(SyntheticDomains.VOCAB), manager, seed));
  }

  private static List<int[]> tokens(List<String> texts) {
    return texts.stream()
        .map(text -> text.chars().map(c -> c % SyntheticDomains.VOCAB).limit(24).toArray())
        .toList();
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (double) a[i] * b[i];
    }
    return sum;
  }

  @Test
  void theExternalEncoderIsDeterministicAndOwesNothingToThePublicModel() {
    int d = FlexOlmoConfig.micro(SyntheticDomains.VOCAB).hiddenSize();
    RouterInit first = new RouterInit.External(HashedTfIdfEmbedder.fit(PUBLIC, d, 5), "tfidf");
    RouterInit second = new RouterInit.External(HashedTfIdfEmbedder.fit(PUBLIC, d, 5), "tfidf");
    try (NDManager manager = NDManager.newBaseManager()) {
      // Two public models with different weights: the same row, bit for bit, from two encoders.
      float[] fromOne = first.row(model(manager, 1), NEWS, tokens(NEWS), 0);
      float[] fromOther = second.row(model(manager, 2), NEWS, tokens(NEWS), 99);
      assertThat(fromOther).containsExactly(fromOne);
      assertThat(dot(fromOne, fromOne)).isCloseTo(1, within(1e-5));
    }
  }

  @Test
  void theEncoderPutsADomainsDocumentsNearerEachOtherThanAnotherDomains() {
    HashedTfIdfEmbedder encoder = HashedTfIdfEmbedder.fit(PUBLIC, 64, 3);
    float[] news0 = encoder.embed(NEWS.get(0));
    float[] news1 = encoder.embed(NEWS.get(1));
    float[] code0 = encoder.embed(CODE.get(0));
    float[] code1 = encoder.embed(CODE.get(1));
    assertThat(dot(news0, news1)).isGreaterThan(dot(news0, code0));
    assertThat(dot(code0, code1)).isGreaterThan(dot(code1, news1));
    assertThat(encoder.embed("")).containsOnly(0f);
  }

  @Test
  void randomRowsHaveTheirStandardDeviationAndFollowTheSeed() {
    try (NDManager manager = NDManager.newBaseManager()) {
      FlexOlmoModel publicModel = model(manager, 1);
      RouterInit random = new RouterInit.RandomRow(0.002);
      float[] row = random.row(publicModel, NEWS, tokens(NEWS), 42);
      assertThat(random.row(publicModel, CODE, tokens(CODE), 42)).containsExactly(row);
      assertThat(random.row(publicModel, NEWS, tokens(NEWS), 43)).isNotEqualTo(row);
      double meanSquare = dot(row, row) / row.length;
      assertThat(Math.sqrt(meanSquare)).isCloseTo(0.002, within(0.0006));
    }
  }

  @Test
  void theRelativeRowPointsFromThePublicRowToTheDomain() {
    try (NDManager manager = NDManager.newBaseManager()) {
      FlexOlmoModel publicModel = model(manager, 4);
      float[] publicRow = DomainEmbedding.compute(publicModel, tokens(PUBLIC), 0);
      PublicPretraining.setPublicRouterEmbedding(publicModel.weights(), publicRow);
      assertThat(publicModel.weights().get(TensorNames.router(0)).toFloatArray())
          .containsExactly(publicRow);

      float[] domain = new RouterInit.PublicEmbedding().row(publicModel, NEWS, tokens(NEWS), 0);
      assertThat(domain).containsExactly(DomainEmbedding.compute(publicModel, tokens(NEWS), 0));
      float[] relative = new RouterInit.RelativeToPublic().row(publicModel, NEWS, tokens(NEWS), 0);
      double[] difference = new double[domain.length];
      double length = 0;
      for (int i = 0; i < domain.length; i++) {
        difference[i] = domain[i] - publicRow[i];
        length += difference[i] * difference[i];
      }
      length = Math.sqrt(length);
      for (int i = 0; i < domain.length; i++) {
        assertThat((double) relative[i]).isCloseTo(difference[i] / length, within(1e-5));
      }
    }
  }
}
