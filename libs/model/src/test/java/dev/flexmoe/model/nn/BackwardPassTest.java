package dev.flexmoe.model.nn;

import static dev.flexmoe.model.nn.ModelFixtures.randomMoe;
import static dev.flexmoe.model.nn.ModelFixtures.randomTokens;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Gradients of the forward pass, as training takes them. */
class BackwardPassTest {

  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  /**
   * Every tensor the backward pass reads must still be alive when it runs. A scalar that DJL frees
   * right after the forward operation (as {@code x.mul(0.5)} does) lives on in the autograd graph
   * on memory the garbage collector reclaims: the gradients then depend on what was allocated in
   * between, and turn NaN at random.
   */
  @Test
  void gradientsDoNotDependOnWhatHappensBetweenForwardAndBackward() {
    float[] undisturbed = gradients(false);
    float[] disturbed = gradients(true);

    int differing = 0;
    for (int i = 0; i < undisturbed.length; i++) {
      differing += Float.compare(disturbed[i], undisturbed[i]) == 0 ? 0 : 1;
    }
    assertThat(differing).as("gradients that differ, of %d", undisturbed.length).isZero();
  }

  /** All gradients of a 3-expert, top-2 model with router biases, after one backward pass. */
  private float[] gradients(boolean collectGarbageBeforeBackward) {
    try (NDManager scope = manager.newSubManager()) {
      ModelWeights weights = randomMoe(scope, 3, 2, 21);
      for (int layer = 0; layer < weights.config().numHiddenLayers(); layer++) {
        weights.put(TensorNames.routerBias(layer), scope.create(new float[] {0f, -0.1f, -0.2f}));
      }
      weights.tensors().values().forEach(tensor -> tensor.setRequiresGradient(true));
      NDArray tokens = randomTokens(scope, 2, 32, 3);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray logits = new FlexOlmoModel(weights).forward(tokens, Forward.defaults()).logits();
        NDArray loss = logits.logSoftmax(-1).gather(tokens.expandDims(-1), -1).neg().mean();
        if (collectGarbageBeforeBackward) {
          collectAndReuseFreedMemory();
        }
        collector.backward(loss);
      }
      List<Float> all = new ArrayList<>();
      for (NDArray tensor : weights.tensors().values()) {
        for (float value : tensor.getGradient().toFloatArray()) {
          all.add(value);
        }
      }
      float[] gradients = new float[all.size()];
      for (int i = 0; i < gradients.length; i++) {
        gradients[i] = all.get(i);
      }
      return gradients;
    }
  }

  /** Frees unreachable direct buffers and fills small allocations with NaN bytes. */
  private static void collectAndReuseFreedMemory() {
    for (int round = 0; round < 3; round++) {
      System.gc();
      List<ByteBuffer> filler = new ArrayList<>();
      for (int i = 0; i < 20_000; i++) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(8);
        buffer.putLong(0, -1L);
        filler.add(buffer);
      }
    }
  }
}
