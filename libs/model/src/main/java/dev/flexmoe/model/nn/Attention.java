package dev.flexmoe.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;

/**
 * Causal self-attention with QK-norm: RMSNorm over the whole q and the whole k projection, before
 * the head split and before RoPE (OLMo 2). Grouped-query attention when there are fewer key/value
 * heads than query heads.
 */
final class Attention {

  private final NDArray wq;
  private final NDArray wk;
  private final NDArray wv;
  private final NDArray wo;
  private final NDArray qNorm;
  private final NDArray kNorm;
  private final int heads;
  private final int kvHeads;
  private final int headDim;
  private final float eps;
  private final Rope rope;

  Attention(ModelWeights weights, int layer, Rope rope) {
    FlexOlmoConfig config = weights.config();
    this.wq = weights.get(TensorNames.attention(layer, 'q'));
    this.wk = weights.get(TensorNames.attention(layer, 'k'));
    this.wv = weights.get(TensorNames.attention(layer, 'v'));
    this.wo = weights.get(TensorNames.attention(layer, 'o'));
    this.qNorm = weights.get(TensorNames.qNorm(layer));
    this.kNorm = weights.get(TensorNames.kNorm(layer));
    this.heads = config.numAttentionHeads();
    this.kvHeads = config.numKeyValueHeads();
    this.headDim = config.headDim();
    this.eps = (float) config.rmsNormEps();
    this.rope = rope;
  }

  /**
   * @param x [B, T, d]
   * @param offset position of the first token (the cache length)
   * @param angles RoPE angles of the positions {@code offset .. offset+T-1}
   * @param cache this layer's cache, or null to attend within {@code x} only
   * @param precision the projections' number format
   * @return [B, T, d]
   */
  NDArray forward(
      NDArray x, int offset, Rope.Angles angles, KvCache cache, int layer, Precision precision) {
    long batch = x.getShape().get(0);
    long length = x.getShape().get(1);
    NDArray[] qkv = project(x, angles, precision);
    NDArray q = qkv[0];
    NDArray k = qkv[1];
    NDArray v = qkv[2];
    if (cache != null) {
      NDArray[] all = cache.append(layer, k, v);
      k = all[0];
      v = all[1];
    }
    NDArray scores = scores(q, k);
    if (length > 1) {
      // [B, H, T, S]: query i (at offset + i) sees keys 0 .. offset + i; one query sees them all
      scores =
          scores.add(causalMask(q.getManager(), (int) length, (int) k.getShape().get(2), offset));
    }
    return merge(scores.softmax(-1).matMul(repeatKv(v)), batch, length, precision);
  }

  /**
   * One decode step of a {@link DecodeBatch}: row i of {@code x} [B, 1, d] is the next token of the
   * sequence in the step's slot i, at that sequence's own position.
   */
  NDArray decode(NDArray x, Rope.Angles angles, DecodeBatch.Step step, int layer) {
    NDArray[] qkv = project(x, angles, Precision.FLOAT32);
    NDArray[] cached = step.write(layer, qkv[1], qkv[2]);
    NDArray scores = scores(step.toSlots(qkv[0]), cached[0]).add(step.keyMask);
    NDArray attended = scores.softmax(-1).matMul(repeatKv(cached[1]));
    return merge(step.toRows(attended), step.rows(), 1, Precision.FLOAT32);
  }

  /** q, k and v for {@code x} [B, T, d], split into heads and rotated: [B, heads, T, headDim]. */
  private NDArray[] project(NDArray x, Rope.Angles angles, Precision precision) {
    long batch = x.getShape().get(0);
    long length = x.getShape().get(1);
    NDArray q = RmsNorm.apply(precision.project(x, wq), qNorm, eps);
    NDArray k = RmsNorm.apply(precision.project(x, wk), kNorm, eps);
    NDArray v = precision.project(x, wv);
    return new NDArray[] {
      rope.rotate(splitHeads(q, batch, length, heads), angles),
      rope.rotate(splitHeads(k, batch, length, kvHeads), angles),
      splitHeads(v, batch, length, kvHeads)
    };
  }

  /** Scaled dot products of the queries with every key: [B, H, T, S]. */
  private NDArray scores(NDArray q, NDArray k) {
    return q.matMul(repeatKv(k).transpose(0, 1, 3, 2)).mul(Scalars.of(q, 1.0 / Math.sqrt(headDim)));
  }

  /** Grouped-query attention: each key/value head serves heads / kvHeads query heads. */
  private NDArray repeatKv(NDArray kv) {
    return kvHeads < heads ? kv.repeat(1, heads / kvHeads) : kv;
  }

  /** [B, H, T, headDim] back to [B, T, d] through the output projection. */
  private NDArray merge(NDArray attended, long batch, long length, Precision precision) {
    NDArray merged = attended.transpose(0, 2, 1, 3).reshape(batch, length, (long) heads * headDim);
    return precision.project(merged, wo);
  }

  private NDArray splitHeads(NDArray x, long batch, long length, int headCount) {
    return x.reshape(batch, length, headCount, headDim).transpose(0, 2, 1, 3);
  }

  private static NDArray causalMask(NDManager manager, int queries, int keys, int offset) {
    float[] mask = new float[queries * keys];
    for (int i = 0; i < queries; i++) {
      for (int j = offset + i + 1; j < keys; j++) {
        mask[i * keys + j] = Float.NEGATIVE_INFINITY;
      }
    }
    return manager.create(mask, new Shape(queries, keys));
  }
}
