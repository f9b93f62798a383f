package dev.flexmoe.model.train;

import ai.djl.ndarray.NDArray;

/**
 * A tensor the optimizer updates.
 *
 * @param name its HF name (checkpoints and optimizer state are keyed by it)
 * @param tensor the weight itself, updated in place
 * @param weightDecay decoupled AdamW weight decay for it (0 keeps it from drifting when its
 *     gradient is 0)
 * @param updateMask 1 where the tensor trains and 0 where it stays bitwise frozen (e.g. the public
 *     row of a router whose other row trains), same shape as the tensor; null when all of it trains
 */
public record Trainable(String name, NDArray tensor, float weightDecay, NDArray updateMask) {

  public static Trainable of(String name, NDArray tensor, float weightDecay) {
    return new Trainable(name, tensor, weightDecay, null);
  }
}
