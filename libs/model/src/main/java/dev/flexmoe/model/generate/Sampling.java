package dev.flexmoe.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How the next token is chosen from the logits.
 *
 * @param temperature 0 for greedy (the most likely token), else the softmax temperature
 * @param topP nucleus sampling: sample from the smallest set of tokens whose probability reaches
 *     {@code topP} (1 for all tokens)
 * @param seed the sampler's seed: the same seed, prompt and model give the same text
 */
public record Sampling(double temperature, double topP, long seed) {

  public Sampling {
    if (temperature < 0 || !Double.isFinite(temperature)) {
      throw new IllegalArgumentException("temperature must be >= 0, not " + temperature);
    }
    if (!(topP > 0) || topP > 1) {
      throw new IllegalArgumentException("top-p must be in (0, 1], not " + topP);
    }
  }

  public static Sampling greedy() {
    return new Sampling(0, 1, 0);
  }

  /** Whether the next token is simply the most likely one. */
  public boolean isGreedy() {
    return temperature == 0;
  }

  /** A token sampler for one sequence. */
  Sampler sampler() {
    return new Sampler(this);
  }

  static final class Sampler {
    private final Sampling sampling;
    private final SplittableRandom random;

    private Sampler(Sampling sampling) {
      this.sampling = sampling;
      this.random = new SplittableRandom(sampling.seed());
    }

    boolean isGreedy() {
      return sampling.isGreedy();
    }

    /** The next token for the logits [vocab] of one sequence. */
    int next(NDArray logits) {
      return (int) Sampling.next(logits.reshape(1, -1), List.of(this))[0];
    }
  }

  /** Most likely tokens searched for a row's nucleus before all of them are sorted. */
  private static final int NUCLEUS_CANDIDATES = 256;

  /**
   * The next token of every row of {@code logits} [B, vocab], row i with {@code samplers.get(i)},
   * on the native side so that only the tokens cross to Java. Greedy rows take the most likely
   * token. A sampling row draws from softmax(logits / temperature) restricted to its nucleus: the
   * most likely tokens, in order of falling probability, up to and including the first at which the
   * probability before it reaches top-p of the total (with any token exactly as likely as that
   * one). One uniform draw u from the row's own generator picks, walking the nucleus in vocabulary
   * order, the first token whose cumulative probability reaches u times the nucleus's mass: an
   * exact draw from the renormalized nucleus that needs no sort with top-p 1 and sorts only the
   * most likely tokens otherwise.
   */
  static long[] next(NDArray logits, List<Sampler> samplers) {
    long[] tokens = logits.argMax(1).toLongArray();
    List<Integer> sampled = new ArrayList<>();
    for (int row = 0; row < samplers.size(); row++) {
      if (!samplers.get(row).isGreedy()) {
        sampled.add(row);
      }
    }
    if (sampled.isEmpty()) {
      return tokens;
    }
    int rows = sampled.size();
    float[] temperatures = new float[rows];
    float[] topP = new float[rows];
    float[] draws = new float[rows];
    long[] which = new long[rows];
    boolean nucleus = false;
    for (int i = 0; i < rows; i++) {
      Sampler sampler = samplers.get(sampled.get(i));
      which[i] = sampled.get(i);
      temperatures[i] = (float) sampler.sampling.temperature();
      topP[i] = (float) sampler.sampling.topP();
      nucleus |= topP[i] < 1;
      // a draw of exactly 0 would reach its target before the nucleus's first token
      draws[i] = Math.max(Float.MIN_NORMAL, (float) sampler.random.nextDouble());
    }
    NDManager manager = logits.getManager();
    Shape column = new Shape(rows, 1);
    NDArray probabilities =
        (rows == samplers.size() ? logits : logits.get(manager.create(which)))
            .div(manager.create(temperatures, column))
            .softmax(-1);
    NDArray total = probabilities.sum(new int[] {-1}, true);
    NDArray weights = probabilities;
    if (nucleus) {
      NDArray limit = total.mul(manager.create(topP, column));
      NDArray restricted = limit.lt(total); // rows with top-p 1 keep every token
      NDArray threshold =
          threshold(probabilities, limit, restricted)
              .mul(restricted.toType(DataType.FLOAT32, false));
      weights = probabilities.mul(probabilities.gte(threshold).toType(DataType.FLOAT32, false));
    }
    NDArray cumulative = weights.cumSum(-1);
    NDArray target = cumulative.get(new NDIndex(":, -1:")).mul(manager.create(draws, column));
    long last = logits.getShape().get(1) - 1;
    long[] chosen =
        cumulative
            .lt(target)
            .toType(DataType.INT64, false)
            .sum(new int[] {-1})
            .minimum(last)
            .toLongArray();
    for (int i = 0; i < rows; i++) {
      tokens[sampled.get(i)] = chosen[i];
    }
    return tokens;
  }

  /**
   * Each row's nucleus threshold [rows, 1]: the probability of the last token kept, looked for
   * among the {@value #NUCLEUS_CANDIDATES} most likely tokens, and among all of them, row by row (a
   * batched sort of every token is far slower on the CPU), where those do not reach the limit of a
   * {@code restricted} row.
   */
  private static NDArray threshold(NDArray probabilities, NDArray limit, NDArray restricted) {
    int vocabulary = Math.toIntExact(probabilities.getShape().get(1));
    int k = Math.min(vocabulary, NUCLEUS_CANDIDATES);
    NDArray[] found = thresholdAmong(probabilities, limit, k);
    if (k == vocabulary) {
      return found[0];
    }
    boolean[] beyond = found[1].eq(k).logicalAnd(restricted).toBooleanArray();
    float[] thresholds = null;
    for (int row = 0; row < beyond.length; row++) {
      if (beyond[row]) {
        thresholds = thresholds == null ? found[0].toFloatArray() : thresholds;
        NDIndex only = new NDIndex("{}:{}", row, row + 1);
        thresholds[row] =
            thresholdAmong(probabilities.get(only), limit.get(only), vocabulary)[0].getFloat();
      }
    }
    return thresholds == null
        ? found[0]
        : probabilities.getManager().create(thresholds, found[0].getShape());
  }

  /** The threshold [rows, 1] among the k likeliest tokens, and how many of them are kept. */
  private static NDArray[] thresholdAmong(NDArray probabilities, NDArray limit, int k) {
    NDArray likeliest = probabilities.topK(k, -1, true, true).get(0); // falling
    NDArray kept =
        likeliest
            .cumSum(-1)
            .sub(likeliest)
            .lt(limit)
            .toType(DataType.INT64, false)
            .sum(new int[] {-1}, true);
    return new NDArray[] {likeliest.gather(kept.sub(1), -1), kept};
  }
}
