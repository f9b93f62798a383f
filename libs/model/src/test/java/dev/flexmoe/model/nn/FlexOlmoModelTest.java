package dev.flexmoe.model.nn;

import static dev.flexmoe.model.nn.ModelFixtures.maxAbsDiff;
import static dev.flexmoe.model.nn.ModelFixtures.randomMoe;
import static dev.flexmoe.model.nn.ModelFixtures.randomTokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorTest;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlexOlmoModelTest extends TensorTest {

  private static NDArray logits(ModelWeights weights, NDArray tokens, Forward options) {
    return new FlexOlmoModel(weights).forward(tokens, options).logits();
  }

  @Test
  void maskingAnExpertEqualsAModelMergedWithoutIt() {
    ModelWeights full = randomMoe(manager, 4, 2, 1);
    ModelWeights withoutTwo = ModelFixtures.subset(full, List.of(0, 1, 3), 2);
    NDArray tokens = randomTokens(manager, 2, 16, 7);

    NDArray masked =
        logits(full, tokens, Forward.defaults().withMask(ExpertMask.excluding(4, List.of(2))));
    NDArray merged = logits(withoutTwo, tokens, Forward.defaults());

    assertThat(maxAbsDiff(masked, merged)).isLessThanOrEqualTo(1e-5f);
    assertThat(maxAbsDiff(masked, logits(full, tokens, Forward.defaults())))
        .as("excluding an expert changes the output")
        .isGreaterThan(1e-3f);
  }

  @Test
  void onlyThePublicExpertEqualsTheDensePublicModel() {
    ModelWeights full = randomMoe(manager, 4, 2, 2);
    ModelWeights dense = ModelFixtures.subset(full, List.of(0), 1);
    NDArray tokens = randomTokens(manager, 2, 16, 8);

    NDArray publicOnly =
        logits(full, tokens, Forward.defaults().withMask(ExpertMask.only(4, List.of())));

    // Exactly: with one expert on, its router weight is exactly 1 and it runs on every token.
    assertThat(maxAbsDiff(publicOnly, logits(dense, tokens, Forward.defaults()))).isEqualTo(0f);
  }

  @Test
  void kvCacheDecodingEqualsFullRecomputation() {
    ModelWeights weights = randomMoe(manager, 3, 2, 3);
    NDArray tokens = randomTokens(manager, 1, 12, 9);
    NDArray full = logits(weights, tokens, Forward.defaults());
    FlexOlmoModel model = new FlexOlmoModel(weights);

    try (KvCache cache = new KvCache(manager, weights.config())) {
      Forward cached = Forward.defaults().withCache(cache);
      NDArray prefix = model.forward(tokens.get(new NDIndex(":, :5")), cached).logits();
      assertThat(maxAbsDiff(prefix, full.get(new NDIndex(":, :5")))).isLessThanOrEqualTo(1e-5f);
      for (int position = 5; position < 12; position++) {
        NDArray step =
            model
                .forward(tokens.get(new NDIndex(":, {}:{}", position, position + 1)), cached)
                .logits();
        assertThat(maxAbsDiff(step, full.get(new NDIndex(":, {}:{}", position, position + 1))))
            .as("position %d", position)
            .isLessThanOrEqualTo(1e-5f);
      }
      assertThat(cache.length()).isEqualTo(12);
    }
  }

  @Test
  void laterTokensDoNotChangeEarlierLogits() {
    ModelWeights weights = randomMoe(manager, 3, 2, 4);
    NDArray tokens = randomTokens(manager, 1, 10, 10);
    NDArray changed = tokens.duplicate();
    changed.set(new NDIndex(":, 7:"), 5);

    NDArray a = logits(weights, tokens, Forward.defaults()).get(new NDIndex(":, :7"));
    NDArray b = logits(weights, changed, Forward.defaults()).get(new NDIndex(":, :7"));

    // Not bitwise: the GEMM blocking differs once the sorted dispatch groups other tokens.
    assertThat(maxAbsDiff(a, b)).isLessThanOrEqualTo(1e-5f);
  }

  @Test
  void routerBiasIsAppliedOnlyWhenAskedAndOnlyBelowZero() {
    ModelWeights weights = randomMoe(manager, 2, 2, 5);
    NDArray tokens = randomTokens(manager, 1, 8, 11);
    NDArray withoutBias = logits(weights, tokens, Forward.defaults());
    for (int layer = 0; layer < weights.config().numHiddenLayers(); layer++) {
      weights.put(
          dev.flexmoe.model.TensorNames.routerBias(layer), manager.create(new float[] {0f, 3f}));
    }
    assertThat(maxAbsDiff(logits(weights, tokens, Forward.defaults()), withoutBias))
        .as("a positive bias is clipped to 0")
        .isEqualTo(0f);

    for (int layer = 0; layer < weights.config().numHiddenLayers(); layer++) {
      weights.put(
          dev.flexmoe.model.TensorNames.routerBias(layer), manager.create(new float[] {0f, -2f}));
    }
    assertThat(maxAbsDiff(logits(weights, tokens, Forward.defaults()), withoutBias))
        .isGreaterThan(1e-4f);
    assertThat(
            maxAbsDiff(
                logits(weights, tokens, Forward.defaults().withRouterBias(false)), withoutBias))
        .isEqualTo(0f);
  }

  @Test
  void theWeightsManagerGainsNothingDuringAForwardPass() {
    ModelWeights weights = randomMoe(manager, 4, 2, 6);
    // A capped manager refuses new attachments: any intermediate that would pile up beside the
    // weights (a leak over many steps) fails the pass.
    ((ai.djl.ndarray.BaseNDManager) weights.manager()).cap();
    assertThatThrownBy(() -> weights.get(dev.flexmoe.model.TensorNames.EMBED).add(1))
        .isInstanceOf(IllegalStateException.class);
    FlexOlmoModel model = new FlexOlmoModel(weights);

    for (int i = 0; i < 3; i++) {
      try (NDManager step = manager.newSubManager()) {
        NDArray tokens = randomTokens(step, 2, 8, i);
        Forward options =
            Forward.defaults()
                .withMask(ExpertMask.excluding(4, List.of(3)))
                .withTrace(new RoutingTrace(2, 4))
                .keepingRouterLogits();
        assertThatCode(() -> model.forward(tokens, options)).doesNotThrowAnyException();
      }
    }
  }

  @Test
  void wrongInputsAreRefusedClearly() {
    ModelWeights weights = randomMoe(manager, 2, 1, 7);
    FlexOlmoModel model = new FlexOlmoModel(weights);

    assertThatThrownBy(
            () ->
                model.forward(manager.create(new float[] {1, 2}).reshape(1, 2), Forward.defaults()))
        .hasMessageContaining("token ids must be int64");
    assertThatThrownBy(
            () ->
                model.forward(
                    randomTokens(manager, 1, 4, 1), Forward.defaults().withMask(ExpertMask.all(3))))
        .hasMessageContaining("the mask is for 3 experts");
    assertThatThrownBy(() -> ExpertMask.excluding(2, List.of(0)))
        .hasMessageContaining("public expert");
  }
}
