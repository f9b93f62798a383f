package dev.flexmoe.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embedding as in HF Llama/OLMo: the head vector's two halves are rotated by {@code
 * position * theta^(-2i/headDim)}: {@code x * cos + rotateHalf(x) * sin}.
 */
final class Rope {

  private final int headDim;
  private final float[] cos; // [maxPositions, headDim]
  private final float[] sin;
  private final int maxPositions;

  Rope(int headDim, double theta, int maxPositions) {
    this.headDim = headDim;
    this.maxPositions = maxPositions;
    this.cos = new float[maxPositions * headDim];
    this.sin = new float[maxPositions * headDim];
    int half = headDim / 2;
    for (int position = 0; position < maxPositions; position++) {
      for (int i = 0; i < half; i++) {
        // float32 arithmetic as in the reference, so angles match it to the last bit
        float inverseFrequency = (float) (1.0 / Math.pow(theta, (double) (2 * i) / headDim));
        float angle = position * inverseFrequency;
        float c = (float) Math.cos(angle);
        float s = (float) Math.sin(angle);
        int row = position * headDim;
        cos[row + i] = c;
        cos[row + i + half] = c;
        sin[row + i] = s;
        sin[row + i + half] = s;
      }
    }
  }

  /**
   * The cosines and sines of one pass's positions, made once and shared by every layer's q and k:
   * [T, headDim] for consecutive positions, [B, 1, 1, headDim] for one position per row.
   */
  record Angles(NDArray cos, NDArray sin) {}

  /**
   * The whole table, every position of the context: [maxPositions, headDim], in {@code manager}.
   */
  Angles table(NDManager manager) {
    return at(manager, 0, maxPositions);
  }

  /** Angles for tokens at positions {@code offset .. offset+length-1}, in {@code manager}. */
  Angles at(NDManager manager, int offset, int length) {
    if (offset + length > maxPositions) {
      throw new IllegalArgumentException(
          "positions up to " + (offset + length) + " exceed the context of " + maxPositions);
    }
    Shape table = new Shape(length, headDim);
    return new Angles(
        manager.create(slice(cos, offset, length), table),
        manager.create(slice(sin, offset, length), table));
  }

  /** Angles for one token per row, row i at {@code positions[i]}: [B, 1, 1, headDim]. */
  Angles atEach(NDManager manager, long[] positions) {
    float[] c = new float[positions.length * headDim];
    float[] s = new float[positions.length * headDim];
    for (int row = 0; row < positions.length; row++) {
      int position = (int) positions[row];
      if (position >= maxPositions) {
        throw new IllegalArgumentException(
            "position " + position + " exceeds the context of " + maxPositions);
      }
      System.arraycopy(cos, position * headDim, c, row * headDim, headDim);
      System.arraycopy(sin, position * headDim, s, row * headDim, headDim);
    }
    Shape rows = new Shape(positions.length, 1, 1, headDim);
    return new Angles(manager.create(c, rows), manager.create(s, rows));
  }

  /**
   * Rotates {@code x} of shape [B, heads, T, headDim] whose tokens sit at positions {@code offset
   * .. offset+T-1}.
   */
  NDArray apply(NDArray x, int offset) {
    return rotate(x, at(x.getManager(), offset, (int) x.getShape().get(2)));
  }

  /** Rotates {@code x} [B, heads, T, headDim] by angles that broadcast to it. */
  NDArray rotate(NDArray x, Angles angles) {
    return x.mul(angles.cos()).add(rotateHalf(x).mul(angles.sin()));
  }

  private float[] slice(float[] table, int offset, int length) {
    float[] rows = new float[length * headDim];
    System.arraycopy(table, offset * headDim, rows, 0, rows.length);
    return rows;
  }

  private NDArray rotateHalf(NDArray x) {
    int half = headDim / 2;
    NDArray first = x.get(new NDIndex("..., :{}", half));
    NDArray second = x.get(new NDIndex("..., {}:", half));
    return second.neg().concat(first, -1);
  }
}
