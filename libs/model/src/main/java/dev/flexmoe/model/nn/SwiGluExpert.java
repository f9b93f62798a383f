package dev.flexmoe.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;

/** One expert: a SwiGLU feed-forward network, {@code W_down (silu(W_gate h) * W_up h)}. */
final class SwiGluExpert {

  private final NDArray gate;
  private final NDArray up;
  private final NDArray down;

  SwiGluExpert(ModelWeights weights, int layer, int expert) {
    this.gate = weights.get(TensorNames.expert(layer, expert, "gate"));
    this.up = weights.get(TensorNames.expert(layer, expert, "up"));
    this.down = weights.get(TensorNames.expert(layer, expert, "down"));
  }

  /** [N, d] to [N, d]. */
  NDArray forward(NDArray h) {
    NDArray g = Linear.linear(h, gate).singletonOrThrow();
    // silu(g) = g * sigmoid(g), not Activation.swish(g, 1f): see Scope#constant
    NDArray gated = Activation.sigmoid(g).mul(g);
    return Linear.linear(gated.mul(Linear.linear(h, up).singletonOrThrow()), down)
        .singletonOrThrow();
  }
}
