package dev.flexmoe.model.train;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A document encoder that owes nothing to the public model: the TF-IDF vector of a text's hashed
 * character n-grams (3 to 5 characters, lower case), through a fixed random projection to {@code
 * dimensions}, scaled to unit length. The IDF is fitted on a reference corpus everyone has (the
 * public corpus); the projection is a Gaussian vector per hash bucket drawn from the seed. The same
 * texts, reference and seed give the same vectors, bit for bit, on every machine.
 */
public final class HashedTfIdfEmbedder implements TextEmbedder {

  /** Feature-hashing buckets: 2^18, few collisions at corpus scale. */
  static final int BUCKETS = 1 << 18;

  private static final int MIN_GRAM = 3;
  private static final int MAX_GRAM = 5;

  private final int dimensions;
  private final long seed;
  private final float[] idf;
  private final Map<Integer, float[]> projections = new HashMap<>();

  private HashedTfIdfEmbedder(int dimensions, long seed, float[] idf) {
    this.dimensions = dimensions;
    this.seed = seed;
    this.idf = idf;
  }

  /** IDF fitted on {@code reference}: {@code ln((1 + N) / (1 + df)) + 1}, as scikit-learn's. */
  public static HashedTfIdfEmbedder fit(List<String> reference, int dimensions, long seed) {
    if (dimensions < 1) {
      throw new IllegalArgumentException("dimensions must be positive, not " + dimensions);
    }
    int[] documentFrequency = new int[BUCKETS];
    for (String text : reference) {
      for (int bucket : counts(text).keySet()) {
        documentFrequency[bucket]++;
      }
    }
    float[] idf = new float[BUCKETS];
    int n = reference.size();
    for (int b = 0; b < BUCKETS; b++) {
      idf[b] = (float) (Math.log((1.0 + n) / (1.0 + documentFrequency[b])) + 1);
    }
    return new HashedTfIdfEmbedder(dimensions, seed, idf);
  }

  @Override
  public int dimensions() {
    return dimensions;
  }

  @Override
  public synchronized float[] embed(String text) {
    Map<Integer, Integer> counts = counts(text);
    double norm = 0;
    for (var entry : counts.entrySet()) {
      double weight = entry.getValue() * idf[entry.getKey()];
      norm += weight * weight;
    }
    double[] projected = new double[dimensions];
    if (norm == 0) {
      return new float[dimensions];
    }
    double scale = 1 / Math.sqrt(norm);
    // Buckets in a fixed order, so that the float sums are the same on every run.
    int[] buckets = counts.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
    for (int bucket : buckets) {
      double weight = counts.get(bucket) * idf[bucket] * scale;
      float[] direction = projections.computeIfAbsent(bucket, this::direction);
      for (int i = 0; i < dimensions; i++) {
        projected[i] += weight * direction[i];
      }
    }
    return UnitVectors.of(projected);
  }

  /** A bucket's projection: N(0, 1/d) per coordinate, from the seed and the bucket alone. */
  private float[] direction(int bucket) {
    // java.util.Random's generator is specified, so the projection is the same on every JVM.
    Random random = new Random(seed * 0x9E3779B97F4A7C15L + bucket);
    float[] direction = new float[dimensions];
    double std = 1 / Math.sqrt(dimensions);
    for (int i = 0; i < dimensions; i++) {
      direction[i] = (float) (random.nextGaussian() * std);
    }
    return direction;
  }

  private static Map<Integer, Integer> counts(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    Map<Integer, Integer> counts = new HashMap<>();
    for (int n = MIN_GRAM; n <= MAX_GRAM; n++) {
      for (int start = 0; start + n <= lower.length(); start++) {
        counts.merge(bucket(lower, start, n), 1, Integer::sum);
      }
    }
    return counts;
  }

  /** FNV-1a over the n-gram's UTF-8 bytes: a hash fixed by its definition, not by the JVM. */
  private static int bucket(String text, int start, int length) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : text.substring(start, start + length).getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return (int) Long.remainderUnsigned(hash, BUCKETS);
  }
}
