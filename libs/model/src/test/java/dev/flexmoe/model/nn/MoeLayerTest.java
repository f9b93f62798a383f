package dev.flexmoe.model.nn;

import static dev.flexmoe.model.nn.ModelFixtures.maxAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import dev.flexmoe.model.TensorTest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The MoE layer against naive references computed one token at a time. */
class MoeLayerTest extends TensorTest {

  private NDArray residuals(int tokens, int d, long seed) {
    Random random = new Random(seed);
    float[] values = new float[tokens * d];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return manager.create(values, new Shape(tokens, d));
  }

  /**
   * For each token alone: the softmax over all experts on the host, the top-k by probability, each
   * chosen expert run on that one token, summed with the un-renormalized probabilities.
   */
  private NDArray naivePerToken(ModelWeights weights, NDArray h, int k) {
    int experts = weights.config().numExperts();
    NDArray router = weights.get(TensorNames.router(0));
    List<NDArray> rows = new ArrayList<>();
    for (int token = 0; token < h.getShape().get(0); token++) {
      NDArray x = h.get(new NDIndex("{}:{}", token, token + 1));
      float[] logits = Linear.linear(x, router).singletonOrThrow().toFloatArray();
      double max = IntStream.range(0, experts).mapToDouble(e -> logits[e]).max().orElseThrow();
      double[] p =
          IntStream.range(0, experts).mapToDouble(e -> Math.exp(logits[e] - max)).toArray();
      double total = java.util.Arrays.stream(p).sum();
      List<Integer> chosen =
          IntStream.range(0, experts)
              .boxed()
              .sorted(Comparator.comparingDouble((Integer e) -> -p[e]))
              .limit(k)
              .toList();
      NDArray y = x.zerosLike();
      for (int expert : chosen) {
        y =
            y.add(
                new SwiGluExpert(weights, 0, expert)
                    .forward(x, Precision.FLOAT32)
                    .mul((float) (p[expert] / total)));
      }
      rows.add(y);
    }
    return ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(rows), 0);
  }

  @Test
  void sparseDispatchEqualsANaivePerTokenReference() {
    ModelWeights weights = ModelFixtures.randomMoe(manager, 5, 2, 21);
    NDArray h = residuals(40, weights.config().hiddenSize(), 1);
    MoeLayer layer = new MoeLayer(weights, 0);

    NDArray sparse = layer.forward(h, Forward.defaults(), null);

    assertThat(maxAbsDiff(sparse, naivePerToken(weights, h, 2))).isLessThanOrEqualTo(1e-5f);
  }

  @Test
  void kEqualToTheExpertCountEqualsTheDenseMixtureBothWays() {
    ModelWeights weights = ModelFixtures.randomMoe(manager, 3, 3, 22);
    NDArray h = residuals(30, weights.config().hiddenSize(), 2);
    MoeLayer layer = new MoeLayer(weights, 0);

    NDArray dense = layer.forward(h, Forward.defaults(), null);
    NDArray sorted = layer.forward(h, Forward.defaults().withDispatch(Dispatch.SORTED), null);
    NDArray naive = naivePerToken(weights, h, 3);

    assertThat(maxAbsDiff(dense, naive)).isLessThanOrEqualTo(1e-5f);
    assertThat(maxAbsDiff(sorted, naive)).isLessThanOrEqualTo(1e-5f);
  }

  @Test
  void theTraceCountsTopKChoicesPerExpert() {
    ModelWeights weights = ModelFixtures.randomMoe(manager, 4, 2, 23);
    NDArray h = residuals(25, weights.config().hiddenSize(), 3);
    RoutingTrace trace = new RoutingTrace(weights.config().numHiddenLayers(), 4);

    new MoeLayer(weights, 0)
        .forward(
            h,
            Forward.defaults().withTrace(trace).withMask(ExpertMask.excluding(4, List.of(1))),
            null);

    assertThat(trace.count(0, 1)).isZero();
    assertThat(trace.count(0, 0) + trace.count(0, 2) + trace.count(0, 3)).isEqualTo(50);
  }

  @Test
  void aTraceKeepingChoicesHoldsTheSameRoutingForEitherDispatch() {
    ModelWeights weights = ModelFixtures.randomMoe(manager, 3, 3, 25);
    NDArray h = residuals(6, weights.config().hiddenSize(), 5);
    MoeLayer layer = new MoeLayer(weights, 0);
    RoutingTrace dense = RoutingTrace.keepingChoices(weights.config().numHiddenLayers(), 3);
    RoutingTrace sorted = RoutingTrace.keepingChoices(weights.config().numHiddenLayers(), 3);

    layer.forward(h, Forward.defaults().withTrace(dense), null);
    layer.forward(h, Forward.defaults().withTrace(sorted).withDispatch(Dispatch.SORTED), null);

    assertThat(dense.choices(0)).hasSize(6);
    for (int token = 0; token < 6; token++) {
      RoutingTrace.Choice viaDense = dense.choices(0).get(token);
      RoutingTrace.Choice viaSorted = sorted.choices(0).get(token);
      assertThat(viaDense.experts()).containsExactly(0, 1, 2);
      assertThat(viaSorted.experts()).containsExactly(0, 1, 2);
      assertThat(viaDense.weights()).containsExactly(viaSorted.weights(), within(1e-6f));
      // k = E: the weights are the whole softmax
      assertThat(viaDense.weights()[0] + viaDense.weights()[1] + viaDense.weights()[2])
          .isCloseTo(1f, within(1e-6f));
    }
  }

  @Test
  void aCountingTraceKeepsNoChoices() {
    RoutingTrace trace = new RoutingTrace(2, 3);

    assertThatThrownBy(() -> trace.choices(0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("this trace keeps counts only; see keepingChoices");
  }

  @Test
  void renormalizedTopKWeightsSumToOne() {
    ModelWeights weights = ModelFixtures.randomMoe(manager, 4, 2, 24);
    ModelWeights renormalized =
        ModelWeights.empty(
            new dev.flexmoe.model.FlexOlmoConfig(
                weights.config().vocabSize(),
                weights.config().hiddenSize(),
                weights.config().intermediateSize(),
                weights.config().numHiddenLayers(),
                weights.config().numAttentionHeads(),
                weights.config().numKeyValueHeads(),
                4,
                2,
                true,
                weights.config().rmsNormEps(),
                weights.config().ropeTheta(),
                weights.config().maxPositionEmbeddings(),
                false,
                0.02,
                null),
            manager);
    weights.tensors().forEach((name, tensor) -> renormalized.put(name, tensor.duplicate()));
    NDArray h = residuals(10, weights.config().hiddenSize(), 4);
    // With identical experts, the output is the expert's output times the sum of the kept weights.
    for (int expert = 1; expert < 4; expert++) {
      for (String projection : TensorNames.PROJECTIONS) {
        renormalized.put(
            TensorNames.expert(0, expert, projection),
            renormalized.get(TensorNames.expert(0, 0, projection)).duplicate());
      }
    }

    NDArray out = new MoeLayer(renormalized, 0).forward(h, Forward.defaults(), null);
    NDArray single = new SwiGluExpert(renormalized, 0, 0).forward(h, Precision.FLOAT32);

    assertThat(maxAbsDiff(out, single)).isLessThanOrEqualTo(1e-5f);
  }
}
