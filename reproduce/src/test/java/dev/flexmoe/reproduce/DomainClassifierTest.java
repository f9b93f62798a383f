package dev.flexmoe.reproduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DomainClassifierTest {

  private static final int DIMENSIONS = 16;

  /** Gaussian points of spread 1 around {@code centre} in every coordinate. */
  private static List<float[]> points(int count, double centre, long seed) {
    Random random = new Random(seed);
    List<float[]> points = new ArrayList<>();
    for (int p = 0; p < count; p++) {
      float[] point = new float[DIMENSIONS];
      for (int j = 0; j < DIMENSIONS; j++) {
        point[j] = (float) (centre + random.nextGaussian());
      }
      points.add(point);
    }
    return points;
  }

  @Test
  void separableClassesAreToldApartWithConfidence() {
    // Centres 6 standard deviations apart in each coordinate, scaled down as encoder coordinates
    // are: every coordinate tells the classes apart, as in text features.
    List<float[]> positives = scaled(points(40, 3, 1));
    List<float[]> negatives = scaled(points(300, -3, 2));
    DomainClassifier classifier = DomainClassifier.train(positives, negatives);

    assertThat(positives).allSatisfy(p -> assertThat(classifier.probability(p)).isGreaterThan(0.9));
    assertThat(negatives).allSatisfy(n -> assertThat(classifier.probability(n)).isLessThan(0.1));
    assertThat(classifier.probability(scaled(points(1, 3, 3)).get(0))).isGreaterThan(0.9);
    assertThat(classifier.probability(scaled(points(1, -3, 4)).get(0))).isLessThan(0.1);
  }

  @Test
  void eachClassWeighsHalfHoweverFewItsExamples() {
    // One distribution for both classes, 20 positives against 2,000 negatives: unweighted, the
    // probabilities would average about 1%; with each class weighing half, their class-balanced
    // mean is one half (the bias's optimality condition).
    List<float[]> positives = points(20, 0, 5);
    List<float[]> negatives = points(2_000, 0, 6);
    DomainClassifier classifier = DomainClassifier.train(positives, negatives);

    double balancedMean = (mean(classifier, positives) + mean(classifier, negatives)) / 2;
    assertThat(balancedMean).isCloseTo(0.5, within(1e-3));
  }

  @Test
  void theSameExamplesGiveTheSameProbabilities() {
    List<float[]> positives = points(30, 1, 7);
    List<float[]> negatives = points(200, -1, 8);
    DomainClassifier first = DomainClassifier.train(positives, negatives);
    DomainClassifier second = DomainClassifier.train(positives, negatives);

    for (float[] point : points(50, 0, 9)) {
      assertThat(second.probability(point)).isEqualTo(first.probability(point));
    }
  }

  @Test
  void aMissingClassOrMismatchedDimensionsAreRejected() {
    List<float[]> some = points(3, 0, 10);
    assertThatThrownBy(() -> DomainClassifier.train(List.of(), some))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 positives");
    assertThatThrownBy(() -> DomainClassifier.train(some, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 negatives");
    assertThatThrownBy(() -> DomainClassifier.train(some, List.of(new float[DIMENSIONS - 1])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative 0 has " + (DIMENSIONS - 1) + " features");

    DomainClassifier classifier = DomainClassifier.train(some, points(3, 1, 11));
    assertThatThrownBy(() -> classifier.probability(new float[DIMENSIONS + 1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trained on " + DIMENSIONS);
  }

  private static List<float[]> scaled(List<float[]> points) {
    double factor = 1 / Math.sqrt(DIMENSIONS);
    for (float[] point : points) {
      for (int j = 0; j < point.length; j++) {
        point[j] *= (float) factor;
      }
    }
    return points;
  }

  private static double mean(DomainClassifier classifier, List<float[]> points) {
    return points.stream().mapToDouble(classifier::probability).average().orElseThrow();
  }
}
