package dev.flexmoe.model.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import org.junit.jupiter.api.Test;

/** Attention of two tokens in a model of width 2 with one head, worked out by hand. */
class AttentionTest {

  /**
   * Weights (HF layout, y = x W^T): W_q = W_k = I, W_v = [[1, 2], [0, 1]], W_o = [[0, 1], [1, 0]]
   * (swaps the two dimensions), QK-norm weights 1. Tokens x0 = (1, 1), x1 = (2, -2).
   *
   * <ul>
   *   <li>QK-norm: x0 has root mean square 1 and x1 has 2, so q = k = (1, 1) for token 0 and (1,
   *       -1) for token 1 (the norm removes x1's scale; eps 1e-6 is negligible).
   *   <li>RoPE, head size 2: one frequency, 1, so position 1 turns (1, -1) by 1 radian into (cos 1
   *       + sin 1, sin 1 - cos 1); position 0 stays.
   *   <li>Scores / sqrt 2: token 0 sees only itself (causal). Token 1: with token 0, 2 sin 1 / sqrt
   *       2 = 1.1900197; with itself, |(1, -1)|^2 / sqrt 2 = sqrt 2 = 1.4142136 (rotation keeps the
   *       length). Softmax: p10 = 1 / (1 + e^(1.4142136 - 1.1900197)) = 0.4441851, p11 = 0.5558149.
   *   <li>Values x W_v^T = (x_0 + 2 x_1, x_1): v0 = (3, 1), v1 = (-2, -2). Token 0 gets v0; token 1
   *       gets p10 v0 + p11 v1 = (3 p10 - 2 p11, p10 - 2 p11) = (0.2209256, -0.6674446).
   *   <li>W_o swaps: (1, 3) and (-0.6674446, 0.2209256).
   * </ul>
   */
  @Test
  void twoTokensWithOneHeadAndACausalMask() {
    try (NDManager manager = NDManager.newBaseManager()) {
      FlexOlmoConfig config =
          new FlexOlmoConfig(4, 2, 2, 1, 1, 1, 1, 1, false, 1e-6, 10_000, 2, false, 0.02, null);
      ModelWeights weights = ModelWeights.empty(config, manager);
      weights.put(TensorNames.attention(0, 'q'), matrix(manager, 1, 0, 0, 1));
      weights.put(TensorNames.attention(0, 'k'), matrix(manager, 1, 0, 0, 1));
      weights.put(TensorNames.attention(0, 'v'), matrix(manager, 1, 2, 0, 1));
      weights.put(TensorNames.attention(0, 'o'), matrix(manager, 0, 1, 1, 0));
      weights.put(TensorNames.qNorm(0), manager.ones(new Shape(2)));
      weights.put(TensorNames.kNorm(0), manager.ones(new Shape(2)));
      Rope rope = new Rope(2, 10_000, 2);
      Attention attention = new Attention(weights, 0, rope);
      NDArray tokens = manager.create(new float[] {1, 1, 2, -2}, new Shape(1, 2, 2));

      float[] out =
          attention
              .forward(tokens, 0, rope.at(manager, 0, 2), null, 0, Precision.FLOAT32)
              .toFloatArray();

      assertThat(out).containsExactly(new float[] {1, 3, -0.6674446f, 0.2209256f}, within(1e-5f));
    }
  }

  private static NDArray matrix(NDManager manager, float a, float b, float c, float d) {
    return manager.create(new float[] {a, b, c, d}, new Shape(2, 2));
  }
}
