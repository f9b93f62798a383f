package dev.flexmoe.model.nn;

import ai.djl.ndarray.NDArray;

/** RMSNorm: {@code x / sqrt(mean(x^2) + eps) * weight}, over the last axis, in float32. */
final class RmsNorm {

  private RmsNorm() {}

  static NDArray apply(NDArray x, NDArray weight, float eps) {
    NDArray meanSquare = x.square().mean(new int[] {-1}, true);
    return x.mul(meanSquare.add(Scope.constant(x, eps)).sqrt().pow(Scope.constant(x, -1)))
        .mul(weight);
  }
}
