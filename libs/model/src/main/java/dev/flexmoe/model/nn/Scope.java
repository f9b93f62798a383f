package dev.flexmoe.model.nn;

import ai.djl.ndarray.NDArray;

/**
 * Where the tensors of a forward pass live: in the activations' manager, freed with the step (or
 * the request) rather than piling up beside the weights or freed too early.
 */
final class Scope {

  private Scope() {}

  /**
   * A scalar operand, owned by the activation's manager. Never {@code x.mul(2.0)} and the like on
   * activations: DJL turns the number into a tensor whose memory is a Java buffer and frees it
   * right after the call, but autograd keeps that tensor for the backward pass, which then reads
   * memory the garbage collector may have reclaimed (gradients turn NaN at random).
   */
  static NDArray constant(NDArray activation, Number value) {
    return activation.getManager().create(value);
  }

  /**
   * For the rare operation whose receiver must be a weight: moves its result into the activation's
   * manager.
   */
  static NDArray ownedBy(NDArray activation, NDArray result) {
    result.attach(activation.getManager());
    return result;
  }
}
