package dev.flexmoe.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * The experts each token may be routed to in one pass: one mask for all tokens, or one per row when
 * sequences with different active sets are decoded together.
 */
final class ExpertMasks {

  private final ExpertMask shared;
  private final List<ExpertMask> rows;
  private final int experts;

  private ExpertMasks(ExpertMask shared, List<ExpertMask> rows, int experts) {
    this.shared = shared;
    this.rows = rows;
    this.experts = experts;
  }

  /** The masks of a pass over {@code tokens} tokens of a model with {@code experts} experts. */
  static ExpertMasks of(Forward options, long tokens, int experts) {
    List<ExpertMask> rows = options.rowMasks();
    if (rows != null) {
      if (rows.size() != tokens) {
        throw new IllegalArgumentException(
            rows.size() + " row masks for " + tokens + " tokens: one mask per row");
      }
      for (ExpertMask mask : rows) {
        requireExperts(mask, experts);
      }
      return new ExpertMasks(null, rows, experts);
    }
    if (options.mask() != null) {
      requireExperts(options.mask(), experts);
    }
    return new ExpertMasks(options.mask(), null, experts);
  }

  static void requireExperts(ExpertMask mask, int experts) {
    if (mask.experts() != experts) {
      throw new IllegalArgumentException(
          "the mask is for " + mask.experts() + " experts, the model has " + experts);
    }
  }

  /** The most experts any token may use. */
  int maxActive() {
    if (rows != null) {
      return rows.stream().mapToInt(ExpertMask::activeCount).max().orElse(experts);
    }
    return shared == null ? experts : shared.activeCount();
  }

  /**
   * The experts each token goes to: the pass's k ({@code configured}, the config's, unless the
   * options ask for another), at most the experts any token may use.
   */
  int topK(Forward options, int configured) {
    return Math.min(options.topK() > 0 ? options.topK() : configured, maxActive());
  }

  /** Added to the router logits ([E], or [N, E] per row); null when every expert is on. */
  NDArray logitOffsets(NDManager manager) {
    if (rows != null) {
      if (rows.stream().allMatch(ExpertMask::allActive)) {
        return null;
      }
      float[] offsets = new float[rows.size() * experts];
      for (int row = 0; row < rows.size(); row++) {
        System.arraycopy(rows.get(row).logitOffsets(), 0, offsets, row * experts, experts);
      }
      return manager.create(offsets, new Shape(rows.size(), experts));
    }
    if (shared == null || shared.allActive()) {
      return null;
    }
    return manager.create(shared.logitOffsets());
  }
}
