package dev.flexmoe.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
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

  /** [N, d] to [N, d], the projections in {@code precision}. */
  NDArray forward(NDArray h, Precision precision) {
    NDArray gateOut = precision.project(h, gate);
    NDArray gated = gateOut.mul(Activation.sigmoid(gateOut)); // silu, without a scalar operand
    return precision.project(gated.mul(precision.project(h, up)), down);
  }
}
