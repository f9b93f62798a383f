package dev.flexmoe.model.eval;

import java.util.List;

/**
 * Output-space mixtures of models, chosen per document from each candidate's likelihood of the
 * document's first tokens (its prefix): classifier routing takes the likeliest candidate, BTM
 * (Branch-Train-Merge) mixes the likeliest two. A candidate is given as its per-token
 * log-probabilities (nats) of one document, all candidates over the same tokens.
 */
public final class Ensembles {

  /** Tokens of a document that decide its routing. */
  public static final int PREFIX_TOKENS = 32;

  private Ensembles() {}

  /** Each candidate's log-likelihood (nats) of the document's first {@link #PREFIX_TOKENS}. */
  public static double[] prefixLogLikelihoods(List<float[]> candidates) {
    requireCandidates(candidates, 1);
    double[] logLikelihoods = new double[candidates.size()];
    for (int i = 0; i < candidates.size(); i++) {
      float[] logProbs = candidates.get(i);
      for (int t = 0; t < Math.min(PREFIX_TOKENS, logProbs.length); t++) {
        logLikelihoods[i] += logProbs[t];
      }
    }
    return logLikelihoods;
  }

  /**
   * The candidates' posterior weights given the prefix under a uniform prior: {@code w_i ∝
   * exp(LL_i)}, the softmax of {@link #prefixLogLikelihoods}.
   */
  public static double[] prefixWeights(List<float[]> candidates) {
    return softmax(prefixLogLikelihoods(candidates));
  }

  /**
   * {@code exp(x_i) / sum_j exp(x_j)}, computed shifted by the maximum so that it cannot overflow.
   */
  public static double[] softmax(double[] logits) {
    if (logits.length == 0) {
      throw new IllegalArgumentException("softmax of no values");
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double value : logits) {
      max = Math.max(max, value);
    }
    double[] weights = new double[logits.length];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      weights[i] = Math.exp(logits[i] - max);
      sum += weights[i];
    }
    for (int i = 0; i < weights.length; i++) {
      weights[i] /= sum;
    }
    return weights;
  }

  /**
   * Classifier routing: the per-token log-probabilities of the likeliest candidate on the prefix.
   */
  public static float[] classifierRouted(List<float[]> candidates) {
    return candidates.get(highest(prefixLogLikelihoods(candidates), -1));
  }

  /**
   * BTM's per-token log-probabilities: the two candidates of highest prefix weight, their weights
   * renormalized to {@code w1 + w2 = 1}, their token probabilities mixed: {@code log(w1 p1 + w2
   * p2)} for every token.
   */
  public static float[] btmTopTwo(List<float[]> candidates) {
    requireCandidates(candidates, 2);
    double[] weights = prefixWeights(candidates);
    int first = highest(weights, -1);
    int second = highest(weights, first);
    double total = weights[first] + weights[second];
    double logW1 = Math.log(weights[first] / total);
    double logW2 = Math.log(weights[second] / total);
    float[] a = candidates.get(first);
    float[] b = candidates.get(second);
    float[] mixed = new float[a.length];
    for (int t = 0; t < a.length; t++) {
      double x = logW1 + a[t];
      double y = logW2 + b[t];
      double max = Math.max(x, y);
      mixed[t] = (float) (max + Math.log(Math.exp(x - max) + Math.exp(y - max)));
    }
    return mixed;
  }

  /** The index of the largest value other than {@code excluded} (the first of equal ones). */
  private static int highest(double[] values, int excluded) {
    int best = -1;
    for (int i = 0; i < values.length; i++) {
      if (i != excluded && (best < 0 || values[i] > values[best])) {
        best = i;
      }
    }
    return best;
  }

  private static void requireCandidates(List<float[]> candidates, int atLeast) {
    if (candidates.size() < atLeast) {
      throw new IllegalArgumentException(
          "needs at least " + atLeast + " candidates, got " + candidates.size());
    }
    int tokens = candidates.get(0).length;
    for (float[] candidate : candidates) {
      if (candidate.length != tokens) {
        throw new IllegalArgumentException(
            "candidates score different documents: "
                + tokens
                + " and "
                + candidate.length
                + " tokens");
      }
    }
  }
}
