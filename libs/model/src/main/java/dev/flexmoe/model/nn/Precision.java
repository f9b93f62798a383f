package dev.flexmoe.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;

/**
 * The number format of a forward pass's projections: attention q/k/v/o, the experts' gate, up and
 * down, and the LM head. Everything else (norms, RoPE, attention scores, the router, softmax, the
 * residual stream, the loss and the weights themselves) stays float32.
 */
public enum Precision {
  /** float32 products: the reference every exactness test holds to. */
  FLOAT32 {
    @Override
    public NDArray project(NDArray x, NDArray weight) {
      return Linear.linear(x, weight).singletonOrThrow();
    }
  },
  /**
   * Operands rounded to bfloat16, float32 accumulation, bfloat16 results (mixed precision, as the
   * method's models are trained). About twice as fast for prefill and training on CPUs that
   * multiply bfloat16 natively (AVX512-BF16, AMX); slower on those that do not, and for single
   * rows.
   */
  BFLOAT16 {
    @Override
    public NDArray project(NDArray x, NDArray weight) {
      return Bfloat16Linear.linear(x, weight);
    }
  };

  /** {@code x W^T}: [..., in] float32 by [out, in] float32 to [..., out] float32. */
  public abstract NDArray project(NDArray x, NDArray weight);
}
