package dev.flexmoe.model.nn;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Counts, per layer, how many tokens each expert was among the top-k for: the data of the routing
 * analysis (which experts a domain's tokens use, layer by layer) and of usage attribution. A trace
 * made by {@link #keepingChoices} also keeps every token's experts and weights.
 */
public final class RoutingTrace {

  /**
   * One token's routing in one layer.
   *
   * @param experts the experts its residual went to, in ascending order
   * @param weights the weights their outputs were mixed with (after the softmax, the top-k and any
   *     renormalization), in the order of {@code experts}
   */
  public record Choice(int[] experts, float[] weights) {}

  private final long[][] counts;
  private final List<List<Choice>> choices; // per layer, in token order; null unless kept
  private long tokens;

  public RoutingTrace(int layers, int experts) {
    this(layers, experts, false);
  }

  private RoutingTrace(int layers, int experts, boolean keepChoices) {
    this.counts = new long[layers][experts];
    this.choices =
        keepChoices
            ? IntStream.range(0, layers).<List<Choice>>mapToObj(l -> new ArrayList<>()).toList()
            : null;
  }

  /**
   * A trace that also keeps each token's {@link Choice} per layer, to inspect routing or compare it
   * with another implementation; its memory grows with the tokens routed.
   */
  public static RoutingTrace keepingChoices(int layers, int experts) {
    return new RoutingTrace(layers, experts, true);
  }

  /**
   * @param topKIndices the chosen experts, k per token, token after token
   * @param weights their mixing weights [N, k]
   */
  void record(int layer, long[] topKIndices, NDArray weights) {
    for (long expert : topKIndices) {
      counts[layer][(int) expert]++;
    }
    if (choices != null) {
      keep(layer, topKIndices, weights);
    }
  }

  /** Every token went to {@code expert} alone, with the weights [N, 1]. */
  void recordExpert(int layer, int expert, NDArray weights) {
    int tokens = Math.toIntExact(weights.getShape().get(0));
    counts[layer][expert] += tokens;
    if (choices != null) {
      long[] chosen = new long[tokens];
      Arrays.fill(chosen, expert);
      keep(layer, chosen, weights);
    }
  }

  /** Every token went to every expert, with the weights [N, E]. */
  void recordEveryExpert(int layer, NDArray weights) {
    int tokens = Math.toIntExact(weights.getShape().get(0));
    int experts = counts[layer].length;
    for (int expert = 0; expert < experts; expert++) {
      counts[layer][expert] += tokens;
    }
    if (choices != null) {
      long[] chosen = new long[tokens * experts];
      for (int i = 0; i < chosen.length; i++) {
        chosen[i] = i % experts;
      }
      keep(layer, chosen, weights);
    }
  }

  private void keep(int layer, long[] chosen, NDArray weights) {
    int k = Math.toIntExact(weights.getShape().get(1));
    float[] values = weights.toFloatArray();
    for (int start = 0; start < chosen.length; start += k) {
      int first = start;
      int[] order =
          IntStream.range(first, first + k)
              .boxed()
              .sorted(Comparator.comparingLong(i -> chosen[i]))
              .mapToInt(Integer::intValue)
              .toArray();
      int[] experts = Arrays.stream(order).map(i -> (int) chosen[i]).toArray();
      float[] mixing = new float[k];
      for (int j = 0; j < k; j++) {
        mixing[j] = values[order[j]];
      }
      choices.get(layer).add(new Choice(experts, mixing));
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

  /** Each token's routing in a layer, in the order the tokens were routed. */
  public List<Choice> choices(int layer) {
    if (choices == null) {
      throw new IllegalStateException("this trace keeps counts only; see keepingChoices");
    }
    return List.copyOf(choices.get(layer));
  }

  public int layers() {
    return counts.length;
  }

  public int experts() {
    return counts[0].length;
  }
}
