package dev.flexmoe.model.nn;

/**
 * Counts, per layer, how many tokens each expert was among the top-k for: the data of the routing
 * analysis (which experts a domain's tokens use, layer by layer) and of usage attribution.
 */
public final class RoutingTrace {

  private final long[][] counts;
  private long tokens;

  public RoutingTrace(int layers, int experts) {
    this.counts = new long[layers][experts];
  }

  void record(int layer, long[] topKIndices) {
    for (long expert : topKIndices) {
      counts[layer][(int) expert]++;
    }
  }

  void recordExpert(int layer, int expert, long tokenCount) {
    counts[layer][expert] += tokenCount;
  }

  void recordEveryExpert(int layer, long tokenCount) {
    for (int expert = 0; expert < counts[layer].length; expert++) {
      counts[layer][expert] += tokenCount;
    }
  }

  void addTokens(long count) {
    tokens += count;
  }

  /** Tokens routed so far (each counted once, not once per layer). */
  public long tokens() {
    return tokens;
  }

  /** Times expert {@code expert} was active in layer {@code layer}. */
  public long count(int layer, int expert) {
    return counts[layer][expert];
  }

  /** Share of tokens for which an expert was active in a layer: in [0, 1]. */
  public double share(int layer, int expert) {
    return tokens == 0 ? 0 : (double) counts[layer][expert] / tokens;
  }

  public int layers() {
    return counts.length;
  }

  public int experts() {
    return counts[0].length;
  }
}
