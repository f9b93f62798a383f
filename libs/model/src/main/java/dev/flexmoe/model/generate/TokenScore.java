package dev.flexmoe.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * How likely the model found one token: its natural-log probability under the model's next-token
 * distribution (temperature 1, whatever the sampling), and the most likely alternatives.
 *
 * @param topTokens the {@code topTokens.length} most likely tokens at that position, most likely
 *     first
 * @param topLogprobs their log probabilities
 */
public record TokenScore(int token, float logprob, int[] topTokens, float[] topLogprobs) {

  /**
   * Scores {@code token} under logits [vocab], with its {@code top} most likely alternatives: the
   * log-softmax and the top-k run on the native side, so a handful of numbers cross to Java.
   */
  static TokenScore of(NDArray logits, int token, int top) {
    NDArray logprobs = logits.logSoftmax(-1);
    float chosen = logprobs.getFloat(token);
    if (top == 0) {
      return new TokenScore(token, chosen, new int[0], new float[0]);
    }
    NDList best = logprobs.topK(top, -1, true, true);
    long[] ids = best.get(1).toLongArray();
    int[] topTokens = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      topTokens[i] = (int) ids[i];
    }
    return new TokenScore(token, chosen, topTokens, best.get(0).toFloatArray());
  }
}
