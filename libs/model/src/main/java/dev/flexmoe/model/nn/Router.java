package dev.flexmoe.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
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
   * Router logits [N, E] for residuals [N, d], with the bias if asked for and present, and -inf for
   * the experts {@code masks} excludes.
   */
  NDArray logits(NDArray h, boolean useBias, ExpertMasks masks) {
    NDArray logits = Linear.linear(h, weight).singletonOrThrow();
    if (useBias && bias != null) {
      // min(b, 0) = b - relu(b): no scalar operand for autograd to keep (see Scalars)
      NDArray clipped =
          Scope.ownedBy(logits, bias.sub(Scope.ownedBy(logits, Activation.relu(bias))));
      logits = logits.add(clipped);
    }
    NDArray offsets = masks.logitOffsets(logits.getManager());
    return offsets == null ? logits : logits.add(offsets);
  }
}
