package dev.flexmoe.model.nn;

import ai.djl.ndarray.NDArray;

/**
 * For the rare operation whose receiver must be a weight: moves its result into the activation's
 * manager, so that it is freed with the step instead of piling up beside the weights.
 */
final class Scope {

  private Scope() {}

  static NDArray ownedBy(NDArray activation, NDArray result) {
    result.attach(activation.getManager());
    return result;
  }
}
