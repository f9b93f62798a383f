package dev.flexmoe.model.generate;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

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

    boolean isGreedy() {
      return sampling.isGreedy();
    }

    private Sampler(Sampling sampling) {
      this.sampling = sampling;
      this.random = new SplittableRandom(sampling.seed());
    }

    /**
     * The next token for logits [vocab]: greedy picks on the native side, so that only one number
     * crosses to Java; sampling reads the row.
     */
    int next(NDArray logits) {
      if (sampling.isGreedy()) {
        return (int) logits.argMax().getLong();
      }
      return next(logits.toFloatArray());
    }

    int next(float[] logits) {
      if (sampling.isGreedy()) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
          if (logits[i] > logits[best]) {
            best = i;
          }
        }
        return best;
      }
      double max = Double.NEGATIVE_INFINITY;
      for (float logit : logits) {
        max = Math.max(max, logit);
      }
      double[] p = new double[logits.length];
      double total = 0;
      for (int i = 0; i < logits.length; i++) {
        p[i] = Math.exp((logits[i] - max) / sampling.temperature());
        total += p[i];
      }
      double sum = total;
      Integer[] order =
          IntStream.range(0, p.length)
              .boxed()
              .sorted(Comparator.comparingDouble(i -> -p[i]))
              .toArray(Integer[]::new);
      int keep = 0;
      double mass = 0;
      while (keep < order.length && (keep == 0 || mass < sampling.topP() * sum)) {
        mass += p[order[keep]];
        keep++;
      }
      double draw = random.nextDouble() * mass;
      for (Integer token : Arrays.copyOf(order, keep)) {
        draw -= p[token];
        if (draw <= 0) {
          return token;
        }
      }
      return order[keep - 1];
    }
  }
}
