package dev.flexmoe.model.train;

import java.util.SplittableRandom;

/**
 * Training batches cut from one long token stream (documents joined by the end-of-document token).
 * Batch {@code step} depends only on the seed and the step, so a resumed run sees exactly the
 * batches an uninterrupted one would.
 */
public final class TokenWindows {

  private final int[] tokens;
  private final int length;

  /**
   * @param tokens the stream
   * @param length tokens per training sequence (the model sees {@code length}, predicts the next
   *     {@code length})
   */
  public TokenWindows(int[] tokens, int length) {
    if (tokens.length < length + 2) {
      throw new IllegalArgumentException(
          "the training data has "
              + tokens.length
              + " tokens, fewer than one sequence of "
              + length);
    }
    this.tokens = tokens;
    this.length = length;
  }

  public int length() {
    return length;
  }

  /** Inputs and next-token targets, each {@code batchSize * length}, row-major. */
  public Batch batch(long seed, int step, int batchSize) {
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + step);
    long[] inputs = new long[batchSize * length];
    long[] targets = new long[batchSize * length];
    for (int row = 0; row < batchSize; row++) {
      int start = random.nextInt(tokens.length - length - 1);
      for (int i = 0; i < length; i++) {
        inputs[row * length + i] = tokens[start + i];
        targets[row * length + i] = tokens[start + i + 1];
      }
    }
    return new Batch(inputs, targets, batchSize, length);
  }

  /** One batch of token ids. */
  public record Batch(long[] inputs, long[] targets, int rows, int length) {}
}
