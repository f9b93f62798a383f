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

  /**
   * The next token of every row of {@code logits} [B, vocab], row i with {@code samplers.get(i)},
   * on the native side so that only the tokens cross to Java. Greedy rows take the most likely
   * token. A sampling row draws from softmax(logits / temperature) restricted to the nucleus: the
   * tokens in order of falling probability up to and including the first at which the probability
   * before it reaches top-p of the total; one uniform draw from the row's own generator picks the
   * token whose cumulative probability first reaches draw x nucleus mass.
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
    for (int i = 0; i < rows; i++) {
      Sampler sampler = samplers.get(sampled.get(i));
      which[i] = sampled.get(i);
      temperatures[i] = (float) sampler.sampling.temperature();
      topP[i] = (float) sampler.sampling.topP();
      draws[i] = (float) sampler.random.nextDouble();
    }
    NDManager manager = logits.getManager();
    Shape column = new Shape(rows, 1);
    NDArray scaled =
        (rows == samplers.size() ? logits : logits.get(manager.create(which)))
            .div(manager.create(temperatures, column));
    NDArray order = scaled.argSort(-1, false); // most likely first
    NDArray sorted = scaled.softmax(-1).gather(order, -1);
    NDArray cumulative = sorted.cumSum(-1);
    NDArray total = cumulative.get(new NDIndex(":, -1:"));
    NDArray kept = cumulative.sub(sorted).lt(total.mul(manager.create(topP, column)));
    NDArray keptCount = kept.toType(DataType.INT64, false).sum(new int[] {-1}, true);
    NDArray mass = cumulative.gather(keptCount.sub(1), -1);
    NDArray reached =
        cumulative.lt(mass.mul(manager.create(draws, column))).toType(DataType.INT64, false);
    NDArray position = reached.sum(new int[] {-1}, true).minimum(keptCount.sub(1));
    long[] chosen = order.gather(position, -1).toLongArray();
    for (int i = 0; i < rows; i++) {
      tokens[sampled.get(i)] = chosen[i];
    }
    return tokens;
  }
}
