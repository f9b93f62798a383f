package dev.flexmoe.bench.reproduce;

import java.util.List;

/**
 * Choosing and mixing dense models per document from their likelihood of the document's first
 * tokens (the prefix), as the baselines do: classifier routing picks the best, BTM mixes the best
 * two, and the likelihood-weighted soup averages weights.
 */
final class Ensembles {

  /** Tokens of a document that decide its routing. */
  static final int PREFIX_TOKENS = 32;

  private Ensembles() {}

  /** Each candidate's log-likelihood (nats) of the document's prefix. */
  static double[] prefixLogLikelihoods(List<float[]> candidates) {
    double[] ll = new double[candidates.size()];
    for (int i = 0; i < candidates.size(); i++) {
      float[] logProbs = candidates.get(i);
      for (int t = 0; t < Math.min(PREFIX_TOKENS, logProbs.length); t++) {
        ll[i] += logProbs[t];
      }
    }
    return ll;
  }

  /** softmax(log-likelihoods): {@code w_i ∝ exp(-NLL_i)} at temperature 1. */
  static double[] softmax(double[] logLikelihoods) {
    double max = Double.NEGATIVE_INFINITY;
    for (double value : logLikelihoods) {
      max = Math.max(max, value);
    }
    double[] weights = new double[logLikelihoods.length];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      weights[i] = Math.exp(logLikelihoods[i] - max);
      sum += weights[i];
    }
    for (int i = 0; i < weights.length; i++) {
      weights[i] /= sum;
    }
    return weights;
  }

  /** The candidate with the highest prefix likelihood. */
  static int best(double[] logLikelihoods) {
    int best = 0;
    for (int i = 1; i < logLikelihoods.length; i++) {
      if (logLikelihoods[i] > logLikelihoods[best]) {
        best = i;
      }
    }
    return best;
  }

  /**
   * BTM's per-token log-probabilities: the top two candidates by prefix likelihood, their weights
   * renormalized, their token probabilities mixed: {@code log(w1 p1 + w2 p2)}.
   */
  static float[] btmTopTwo(List<float[]> candidates) {
    double[] weights = softmax(prefixLogLikelihoods(candidates));
    int first = 0;
    for (int i = 1; i < weights.length; i++) {
      if (weights[i] > weights[first]) {
        first = i;
      }
    }
    int second = first == 0 ? 1 : 0;
    for (int i = 0; i < weights.length; i++) {
      if (i != first && weights[i] > weights[second]) {
        second = i;
      }
    }
    double total = weights[first] + weights[second];
    double w1 = weights[first] / total;
    double w2 = weights[second] / total;
    float[] a = candidates.get(first);
    float[] b = candidates.get(second);
    float[] mixed = new float[a.length];
    for (int t = 0; t < a.length; t++) {
      double x = Math.log(w1) + a[t];
      double y = Math.log(w2) + b[t];
      double max = Math.max(x, y);
      mixed[t] = (float) (max + Math.log(Math.exp(x - max) + Math.exp(y - max)));
    }
    return mixed;
  }
}
