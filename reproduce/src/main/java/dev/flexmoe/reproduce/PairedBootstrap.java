package dev.flexmoe.reproduce;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The paired bootstrap of a difference in average bits per byte between two systems scored on the
 * same documents: each replicate draws, within every domain, as many documents as it has, with
 * replacement, and scores both systems on the same draw, so that what the documents have in common
 * (some are simply harder) cancels. The interval is the replicates' 2.5th to 97.5th percentile. The
 * average is the unweighted mean of the domains' bits per byte, as in the comparison table.
 */
final class PairedBootstrap {

  /** Enough replicates for stable 2.5% tails. */
  static final int RESAMPLES = 2_000;

  private final int resamples;
  private final long seed;

  PairedBootstrap(int resamples, long seed) {
    if (resamples < 100) {
      throw new IllegalArgumentException("too few resamples for a 95% interval: " + resamples);
    }
    this.resamples = resamples;
    this.seed = seed;
  }

  /** {@code system - reference} in the average over {@code domains}. */
  Difference difference(DocumentScores system, DocumentScores reference, List<String> domains) {
    int units = Integer.MAX_VALUE;
    for (String domain : domains) {
      if (system.on(domain).documents() != reference.on(domain).documents()) {
        throw new IllegalArgumentException(
            "the systems are scored on different documents of " + domain);
      }
      units = Math.min(units, system.on(domain).documents());
    }
    double estimate = average(system, domains) - average(reference, domains);
    // The same seed for every pair: each system is compared on the same replicates.
    SplittableRandom random = new SplittableRandom(seed);
    double[] replicates = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      double sum = 0;
      for (String domain : domains) {
        DocumentScores.Domain a = system.on(domain);
        DocumentScores.Domain b = reference.on(domain);
        double bitsA = 0;
        double bitsB = 0;
        long bytesA = 0;
        long bytesB = 0;
        for (int i = 0; i < a.documents(); i++) {
          int d = random.nextInt(a.documents());
          bitsA += a.bits()[d];
          bytesA += a.bytes()[d];
          bitsB += b.bits()[d];
          bytesB += b.bytes()[d];
        }
        sum += bitsA / bytesA - bitsB / bytesB;
      }
      replicates[r] = sum / domains.size();
    }
    Arrays.sort(replicates);
    return new Difference(
        estimate, percentile(replicates, 0.025), percentile(replicates, 0.975), units);
  }

  private static double average(DocumentScores scores, List<String> domains) {
    return domains.stream().mapToDouble(d -> scores.on(d).bitsPerByte()).average().orElseThrow();
  }

  /** Linear interpolation between the closest ranks of sorted values. */
  static double percentile(double[] sorted, double p) {
    double rank = p * (sorted.length - 1);
    int below = (int) Math.floor(rank);
    int above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
  }
}
