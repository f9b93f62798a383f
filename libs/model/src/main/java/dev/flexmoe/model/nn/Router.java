package dev.flexmoe.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;

/**
 * The router of one MoE layer: one row per expert (public = row 0), {@code p = softmax(W_r h)} over
 * all experts in float32, computed on the un-normalized residual. An optional per-expert bias
 * enters as {@code min(b, 0)}: during expert training it lets the new expert learn to step back.
 */
final class Router {

  private final NDArray weight; // [E, d]
  private final NDArray bias; // [E] or null

  Router(ModelWeights weights, int layer) {
    this.weight = weights.get(TensorNames.router(layer));
    String biasName = TensorNames.routerBias(layer);
    this.bias = weights.contains(biasName) ? weights.get(biasName) : null;
  }

  /**
   * Router logits [N, E] for residuals [N, d], with the bias if asked for and present, and the
   * mask's -inf for excluded experts.
   */
  NDArray logits(NDArray h, boolean useBias, ExpertMask mask) {
    NDArray logits = Linear.linear(h, weight).singletonOrThrow();
    if (useBias && bias != null) {
      logits = logits.add(Scope.ownedBy(logits, bias.minimum(Scope.constant(logits, 0f))));
    }
    if (mask != null && !mask.allActive()) {
      logits = logits.add(logits.getManager().create(mask.logitOffsets()));
    }
    return logits;
  }
}
