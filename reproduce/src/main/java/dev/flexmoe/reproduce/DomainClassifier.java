package dev.flexmoe.reproduce;

import java.util.Arrays;
import java.util.List;

/**
 * A domain owner's classifier, "this domain versus the public corpus": L2-regularised logistic
 * regression over text features (such as {@link dev.flexmoe.model.train.HashedTfIdfEmbedder}
 * vectors). The owner trains it on its own passages against public ones; only the weights leave the
 * owner, and they pick from the public corpus the passages that look like the closed domain.
 *
 * <p>Training is full-batch accelerated gradient descent in double precision for a fixed number of
 * iterations, so the same examples give the same weights bit for bit. Each class carries half the
 * total weight whatever its size, so a small domain is not outvoted by a large public corpus.
 */
final class DomainClassifier {

  /**
   * L2 penalty on the weights (not the bias), on standardised features. The public passages the
   * classifier is then asked to rate are its own negatives: a weaker penalty lets it learn them one
   * by one and rate them all near 0, a cruder ranking of how much each looks like the domain.
   */
  private static final double L2 = 1e-2;

  /** Enough to converge: on the FlexMix-lite corpora a tenfold count changes no choice. */
  private static final int ITERATIONS = 1_000;

  private static final int POWER_ITERATIONS = 50;

  private final double[] mean;
  private final double[] scale;

  /** The weight of each standardised feature, then the bias. */
  private final double[] parameters;

  private DomainClassifier(double[] mean, double[] scale, double[] parameters) {
    this.mean = mean;
    this.scale = scale;
    this.parameters = parameters;
  }

  static DomainClassifier train(List<float[]> positives, List<float[]> negatives) {
    if (positives.isEmpty() || negatives.isEmpty()) {
      throw new IllegalArgumentException(
          "a domain classifier needs examples of both classes, not "
              + positives.size()
              + " positives and "
              + negatives.size()
              + " negatives");
    }
    int dimensions = positives.get(0).length;
    int n = positives.size() + negatives.size();
    double[][] rows = new double[n][];
    double[] labels = new double[n];
    double[] exampleWeights = new double[n];
    for (int i = 0; i < n; i++) {
      boolean positive = i < positives.size();
      int index = positive ? i : i - positives.size();
      float[] features = positive ? positives.get(index) : negatives.get(index);
      if (features.length != dimensions) {
        throw new IllegalArgumentException(
            (positive ? "positive " : "negative ")
                + index
                + " has "
                + features.length
                + " features, the first positive "
                + dimensions);
      }
      rows[i] = new double[dimensions];
      for (int j = 0; j < dimensions; j++) {
        rows[i][j] = features[j];
      }
      labels[i] = positive ? 1 : 0;
      exampleWeights[i] = 0.5 / (positive ? positives.size() : negatives.size());
    }
    double[] mean = new double[dimensions];
    double[] scale = new double[dimensions];
    standardise(rows, exampleWeights, mean, scale);
    return new DomainClassifier(mean, scale, fit(rows, labels, exampleWeights));
  }

  /** The probability that {@code features} come from the domain rather than the public corpus. */
  double probability(float[] features) {
    int dimensions = mean.length;
    if (features.length != dimensions) {
      throw new IllegalArgumentException(
          features.length + " features, the classifier was trained on " + dimensions);
    }
    double[] standardised = new double[dimensions];
    for (int j = 0; j < dimensions; j++) {
      standardised[j] = (features[j] - mean[j]) / scale[j];
    }
    return sigmoid(logit(parameters, standardised));
  }

  /**
   * Centres and scales each feature in place by its weighted mean and standard deviation: encoder
   * coordinates are of order 1/sqrt(dimensions), and on a common scale one penalty suits all.
   */
  private static void standardise(
      double[][] rows, double[] exampleWeights, double[] mean, double[] scale) {
    int dimensions = mean.length;
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < dimensions; j++) {
        mean[j] += exampleWeights[i] * rows[i][j];
      }
    }
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < dimensions; j++) {
        double centred = rows[i][j] - mean[j];
        scale[j] += exampleWeights[i] * centred * centred;
      }
    }
    for (int j = 0; j < dimensions; j++) {
      // A constant feature carries nothing; scale 1 leaves it at zero instead of dividing by 0.
      scale[j] = scale[j] > 0 ? Math.sqrt(scale[j]) : 1;
    }
    for (double[] row : rows) {
      for (int j = 0; j < dimensions; j++) {
        row[j] = (row[j] - mean[j]) / scale[j];
      }
    }
  }

  /**
   * The weights and bias by Nesterov's accelerated gradient descent, with the constant momentum of
   * a strongly convex loss: plain descent needs about L/lambda steps (a few hundred here) to
   * settle, the accelerated one about the square root of that.
   */
  private static double[] fit(double[][] rows, double[] labels, double[] exampleWeights) {
    int dimensions = rows[0].length;
    double smoothness = smoothness(rows, exampleWeights);
    double conditioning = Math.sqrt(smoothness / L2);
    double momentum = (conditioning - 1) / (conditioning + 1);
    double[] parameters = new double[dimensions + 1];
    double[] lookahead = new double[dimensions + 1];
    double[] gradient = new double[dimensions + 1];
    for (int iteration = 0; iteration < ITERATIONS; iteration++) {
      for (int j = 0; j < dimensions; j++) {
        gradient[j] = L2 * lookahead[j];
      }
      gradient[dimensions] = 0;
      for (int i = 0; i < rows.length; i++) {
        double error = exampleWeights[i] * (sigmoid(logit(lookahead, rows[i])) - labels[i]);
        for (int j = 0; j < dimensions; j++) {
          gradient[j] += error * rows[i][j];
        }
        gradient[dimensions] += error;
      }
      for (int j = 0; j <= dimensions; j++) {
        double next = lookahead[j] - gradient[j] / smoothness;
        lookahead[j] = next + momentum * (next - parameters[j]);
        parameters[j] = next;
      }
    }
    return parameters;
  }

  /**
   * L, the Lipschitz constant of the loss's gradient: a quarter of the largest eigenvalue of the
   * weighted second moments of (features, 1), plus the penalty. Power iteration from a fixed start
   * approaches the eigenvalue from below; the descent is stable for steps up to 2/L, so a step of 1
   * over the estimate is safe.
   */
  private static double smoothness(double[][] rows, double[] exampleWeights) {
    int size = rows[0].length + 1;
    double[] vector = new double[size];
    Arrays.fill(vector, 1 / Math.sqrt(size));
    double eigenvalue = 0;
    for (int iteration = 0; iteration < POWER_ITERATIONS; iteration++) {
      double[] product = new double[size];
      for (int i = 0; i < rows.length; i++) {
        double weighted = exampleWeights[i] * logit(vector, rows[i]);
        for (int j = 0; j < size - 1; j++) {
          product[j] += weighted * rows[i][j];
        }
        product[size - 1] += weighted;
      }
      eigenvalue = Math.sqrt(Arrays.stream(product).map(x -> x * x).sum());
      if (eigenvalue == 0) {
        break;
      }
      for (int j = 0; j < size; j++) {
        vector[j] = product[j] / eigenvalue;
      }
    }
    return eigenvalue / 4 + L2;
  }

  /** {@code parameters} (weights, then the bias) applied to {@code row}. */
  private static double logit(double[] parameters, double[] row) {
    double sum = parameters[row.length];
    for (int j = 0; j < row.length; j++) {
      sum += parameters[j] * row[j];
    }
    return sum;
  }

  private static double sigmoid(double logit) {
    return 1 / (1 + Math.exp(-logit));
  }
}
