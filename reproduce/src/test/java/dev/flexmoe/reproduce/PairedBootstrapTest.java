package dev.flexmoe.reproduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairedBootstrapTest {

  private static final PairedBootstrap BOOTSTRAP = new PairedBootstrap(4_000, 11);

  private static DocumentScores scores(String domain, double[] bits, long[] bytes) {
    return new DocumentScores(Map.of(domain, new DocumentScores.Domain(bits, bytes)));
  }

  @Test
  void aConstantShiftOnEveryDocumentHasAnIntervalOfThatShiftAlone() {
    // Documents of very different difficulty: unpaired, their spread would hide the shift.
    Random random = new Random(1);
    int n = 50;
    double[] reference = new double[n];
    double[] system = new double[n];
    long[] bytes = new long[n];
    for (int d = 0; d < n; d++) {
      bytes[d] = 100 + random.nextInt(2_000);
      reference[d] = bytes[d] * (0.5 + 3 * random.nextDouble());
      system[d] = reference[d] + 0.01 * bytes[d];
    }
    Difference difference =
        BOOTSTRAP.difference(
            scores("news", system, bytes), scores("news", reference, bytes), List.of("news"));
    assertThat(difference.estimate()).isCloseTo(0.01, within(1e-12));
    assertThat(difference.low()).isCloseTo(0.01, within(1e-12));
    assertThat(difference.high()).isCloseTo(0.01, within(1e-12));
    assertThat(difference.excludesZero()).isTrue();
    assertThat(difference.units()).isEqualTo(n);
  }

  @Test
  void theIntervalOfAMeanDifferenceMatchesTheNormalApproximation() {
    // n documents of one byte each with independent differences: the difference in bits per byte
    // is their mean, whose 95% interval is mean +- 1.96 s / sqrt(n).
    Random random = new Random(7);
    int n = 1_000;
    double[] reference = new double[n];
    double[] system = new double[n];
    long[] bytes = new long[n];
    Arrays.fill(bytes, 1);
    double[] differences = new double[n];
    for (int d = 0; d < n; d++) {
      reference[d] = 2 + random.nextGaussian();
      differences[d] = 0.05 + 0.5 * random.nextGaussian();
      system[d] = reference[d] + differences[d];
    }
    double mean = Arrays.stream(differences).average().orElseThrow();
    double variance = Arrays.stream(differences).map(x -> (x - mean) * (x - mean)).sum() / (n - 1);
    double halfWidth = 1.96 * Math.sqrt(variance / n);

    Difference difference =
        BOOTSTRAP.difference(
            scores("math", system, bytes), scores("math", reference, bytes), List.of("math"));

    assertThat(difference.estimate()).isCloseTo(mean, within(1e-12));
    assertThat(difference.low()).isCloseTo(mean - halfWidth, within(0.1 * halfWidth));
    assertThat(difference.high()).isCloseTo(mean + halfWidth, within(0.1 * halfWidth));
  }

  @Test
  void noDifferenceGivesAnIntervalAroundZero() {
    Random random = new Random(3);
    int n = 400;
    double[] a = new double[n];
    double[] b = new double[n];
    long[] bytes = new long[n];
    for (int d = 0; d < n; d++) {
      bytes[d] = 1;
      // The same distribution, drawn apart: equal systems.
      a[d] = 1 + random.nextGaussian() * 0.3;
      b[d] = 1 + random.nextGaussian() * 0.3;
    }
    Difference difference =
        BOOTSTRAP.difference(scores("code", a, bytes), scores("code", b, bytes), List.of("code"));
    assertThat(difference.low()).isNegative();
    assertThat(difference.high()).isPositive();
    assertThat(difference.excludesZero()).isFalse();
  }

  @Test
  void theAverageIsTheUnweightedMeanOfTheDomainsDifferences() {
    long[] bytes = {10, 10, 10, 10};
    DocumentScores system =
        new DocumentScores(
            Map.of(
                "news", new DocumentScores.Domain(new double[] {20, 20, 20, 20}, bytes),
                "code", new DocumentScores.Domain(new double[] {10, 10, 10, 10}, bytes)));
    DocumentScores reference =
        new DocumentScores(
            Map.of(
                "news", new DocumentScores.Domain(new double[] {10, 10, 10, 10}, bytes),
                "code", new DocumentScores.Domain(new double[] {10, 10, 10, 10}, bytes)));
    // news: 2.0 - 1.0; code: 1.0 - 1.0; their mean 0.5, on every replicate.
    Difference difference = BOOTSTRAP.difference(system, reference, List.of("news", "code"));
    assertThat(difference.estimate()).isCloseTo(0.5, within(1e-12));
    assertThat(difference.low()).isCloseTo(0.5, within(1e-12));
    assertThat(difference.high()).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void systemsScoredOnDifferentDocumentsAreRefused() {
    DocumentScores two = scores("news", new double[] {1, 2}, new long[] {1, 1});
    DocumentScores three = scores("news", new double[] {1, 2, 3}, new long[] {1, 1, 1});
    assertThatThrownBy(() -> BOOTSTRAP.difference(two, three, List.of("news")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("different documents of news");
  }

  @Test
  void percentilesInterpolateBetweenRanks() {
    double[] sorted = {0, 10, 20, 30, 40};
    assertThat(PairedBootstrap.percentile(sorted, 0)).isEqualTo(0);
    assertThat(PairedBootstrap.percentile(sorted, 1)).isEqualTo(40);
    assertThat(PairedBootstrap.percentile(sorted, 0.5)).isEqualTo(20);
    assertThat(PairedBootstrap.percentile(sorted, 0.125)).isEqualTo(5);
  }
}
