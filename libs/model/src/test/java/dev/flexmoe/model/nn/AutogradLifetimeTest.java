package dev.flexmoe.model.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Gradients must not depend on what the garbage collector does between forward and backward: every
 * tensor autograd keeps for the backward pass must stay alive until then (see {@link Scalars}).
 */
class AutogradLifetimeTest {

  private static float[] gradientOfEmbedding(
      ModelWeights weights, NDManager manager, boolean churn) {
    NDArray embedding = weights.get(TensorNames.EMBED);
    embedding.setRequiresGradient(true);
    try (NDManager scope = manager.newSubManager()) {
      NDArray tokens = ModelFixtures.randomTokens(scope, 2, 16, 3);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        FlexOlmoModel.Output output =
            new FlexOlmoModel(weights).forward(tokens, Forward.defaults().keepingRouterLogits());
        NDArray loss = output.logits().logSoftmax(-1).mean().neg();
        if (churn) {
          freeAndPoisonDirectMemory();
        }
        collector.backward(loss);
      }
      NDArray gradient = embedding.getGradient();
      float[] values = gradient.toFloatArray();
      gradient.muli(0);
      gradient.close();
      return values;
    } finally {
      embedding.setRequiresGradient(false);
    }
  }

  /** Collects garbage, then reallocates small direct buffers full of NaN where freed ones were. */
  private static void freeAndPoisonDirectMemory() {
    List<ByteBuffer> poison = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      System.gc();
      for (int i = 0; i < 20_000; i++) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
        buffer.putFloat(0, Float.NaN);
        poison.add(buffer);
      }
    }
    assertThat(poison).hasSize(100_000);
  }

  @Test
  void gradientsSurviveAGarbageCollectionBetweenForwardAndBackward() {
    try (NDManager manager = NDManager.newBaseManager()) {
      ModelWeights weights = ModelFixtures.randomMoe(manager, 3, 2, 31);
      for (int layer = 0; layer < weights.config().numHiddenLayers(); layer++) {
        weights.put(TensorNames.routerBias(layer), manager.create(new float[] {0f, -0.1f, -0.2f}));
      }

      float[] quiet = gradientOfEmbedding(weights, manager, false);
      float[] churned = gradientOfEmbedding(weights, manager, true);

      assertThat(churned).containsExactly(quiet);
    }
  }
}
