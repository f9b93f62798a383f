package dev.flexmoe.model.nn;

import ai.djl.ndarray.NDArray;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import java.util.List;

/**
 * One OLMo 2 block with the reordered norm (no pre-norm): {@code h = x + norm(attn(x))}, {@code out
 * = h + norm(moe(h))}. The router sees the un-normalized residual h.
 */
final class DecoderLayer {

  private final Attention attention;
  private final MoeLayer moe;
  private final NDArray postAttentionNorm;
  private final NDArray postFeedforwardNorm;
  private final float eps;
  private final int index;

  DecoderLayer(ModelWeights weights, int index, Rope rope) {
    this.attention = new Attention(weights, index, rope);
    this.moe = new MoeLayer(weights, index);
    this.postAttentionNorm = weights.get(TensorNames.postAttentionNorm(index));
    this.postFeedforwardNorm = weights.get(TensorNames.postFeedforwardNorm(index));
    this.eps = (float) weights.config().rmsNormEps();
    this.index = index;
  }

  /** [B, T, d] to [B, T, d]. */
  NDArray forward(
      NDArray x, int offset, Rope.Angles angles, Forward options, List<NDArray> routerLogits) {
    return feedForward(
        x,
        attention.forward(x, offset, angles, options.cache(), index, options.precision()),
        options,
        routerLogits);
  }

  /** One decode step of a batch: [B, 1, d] to [B, 1, d], each row its own sequence. */
  NDArray decode(NDArray x, Rope.Angles angles, DecodeBatch.Step step, Forward options) {
    return feedForward(x, attention.decode(x, angles, step, index), options, null);
  }

  private NDArray feedForward(
      NDArray x, NDArray attended, Forward options, List<NDArray> routerLogits) {
    NDArray h = x.add(RmsNorm.apply(attended, postAttentionNorm, eps));
    long[] shape = h.getShape().getShape();
    NDArray flat = h.reshape(-1, shape[2]);
    NDArray mixed = moe.forward(flat, options, routerLogits).reshape(shape[0], shape[1], shape[2]);
    return h.add(RmsNorm.apply(mixed, postFeedforwardNorm, eps));
  }
}
