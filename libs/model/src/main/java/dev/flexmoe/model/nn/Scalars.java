package dev.flexmoe.model.nn;

import ai.djl.ndarray.NDArray;

/**
 * Scalar operands for operations that autograd records.
 *
 * <p>DJL's {@code mul(Number)}, {@code div(Number)}, {@code pow(Number)} and friends wrap the
 * number in a tensor backed by a Java direct buffer and close it as soon as the operation returns.
 * Autograd, however, may keep that tensor for the backward pass (a product's gradient needs the
 * other factor); once the garbage collector frees the buffer, backward reads garbage and training
 * diverges at a random step. A scalar made here belongs to the activation's manager instead and
 * lives until the step's scope closes, after backward.
 */
public final class Scalars {

  private Scalars() {}

  /** A float32 scalar in the manager of {@code like}. */
  public static NDArray of(NDArray like, double value) {
    return like.getManager().create((float) value);
  }
}
