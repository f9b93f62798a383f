package dev.flexmoe.model.nn;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;

/**
 * Which experts may be routed to. An excluded expert's router logit becomes -inf, so the softmax
 * runs over the remaining rows exactly as in a model merged without it. The public expert (0) is
 * always active.
 */
public final class ExpertMask {

  private final int experts;
  private final BitSet active;

  private ExpertMask(int experts, BitSet active) {
    if (!active.get(0)) {
      throw new IllegalArgumentException("the public expert (0) cannot be excluded");
    }
    this.experts = experts;
    this.active = active;
  }

  /** Every expert active. */
  public static ExpertMask all(int experts) {
    BitSet active = new BitSet(experts);
    active.set(0, experts);
    return new ExpertMask(experts, active);
  }

  /** Every expert but the excluded ones. */
  public static ExpertMask excluding(int experts, Collection<Integer> excluded) {
    BitSet active = new BitSet(experts);
    active.set(0, experts);
    for (int expert : excluded) {
      check(experts, expert);
      active.clear(expert);
    }
    return new ExpertMask(experts, active);
  }

  /** Only the public expert and the listed ones. */
  public static ExpertMask only(int experts, Collection<Integer> included) {
    BitSet active = new BitSet(experts);
    active.set(0);
    for (int expert : included) {
      check(experts, expert);
      active.set(expert);
    }
    return new ExpertMask(experts, active);
  }

  private static void check(int experts, int expert) {
    if (expert < 0 || expert >= experts) {
      throw new IllegalArgumentException(
          "expert " + expert + " does not exist (the model has experts 0.." + (experts - 1) + ")");
    }
  }

  public int experts() {
    return experts;
  }

  public int activeCount() {
    return active.cardinality();
  }

  public boolean allActive() {
    return activeCount() == experts;
  }

  /** Added to the router logits: 0 for active experts, -inf for excluded ones. */
  float[] logitOffsets() {
    float[] offsets = new float[experts];
    for (int expert = 0; expert < experts; expert++) {
      offsets[expert] = active.get(expert) ? 0f : Float.NEGATIVE_INFINITY;
    }
    return offsets;
  }

  @Override
  public String toString() {
    return "ExpertMask" + Arrays.toString(active.stream().toArray());
  }
}
