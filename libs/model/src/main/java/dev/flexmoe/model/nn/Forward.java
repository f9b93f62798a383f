package dev.flexmoe.model.nn;

import java.util.List;

/**
 * Choices for one forward pass.
 *
 * @param mask experts that may be routed to; null for all
 * @param topK experts per token; 0 for the config's {@code num_experts_per_tok} (capped at the
 *     active experts)
 * @param useRouterBias whether the router bias, where the weights carry one, is applied
 * @param cache keys and values of earlier tokens, extended by this pass; null for none
 * @param trace receives per-layer routing counts; null for none
 * @param keepRouterLogits whether the output keeps each layer's router logits (for the z-loss)
 * @param dispatch how tokens reach their experts
 * @param rowMasks one mask per row of tokens (a batch of sequences decoded together, each with its
 *     own active experts); null to use {@code mask} for every token
 * @param precision the number format of the projections' products; decode steps ({@link
 *     FlexOlmoModel#decode}) are float32 whatever it says
 */
public record Forward(
    ExpertMask mask,
    int topK,
    boolean useRouterBias,
    KvCache cache,
    RoutingTrace trace,
    boolean keepRouterLogits,
    Dispatch dispatch,
    List<ExpertMask> rowMasks,
    Precision precision) {

  public Forward {
    if (precision == null) {
      throw new IllegalArgumentException("a forward pass needs a precision");
    }
  }

  /**
   * All experts, the config's k, router bias applied where present, nothing recorded, float32
   * products.
   */
  public static Forward defaults() {
    return new Forward(null, 0, true, null, null, false, Dispatch.AUTO, null, Precision.FLOAT32);
  }

  /** One mask for every token; replaces {@link #rowMasks()}. */
  public Forward withMask(ExpertMask newMask) {
    return new Forward(
        newMask, topK, useRouterBias, cache, trace, keepRouterLogits, dispatch, null, precision);
  }

  public Forward withTopK(int k) {
    return new Forward(
        mask, k, useRouterBias, cache, trace, keepRouterLogits, dispatch, rowMasks, precision);
  }

  public Forward withRouterBias(boolean use) {
    return new Forward(
        mask, topK, use, cache, trace, keepRouterLogits, dispatch, rowMasks, precision);
  }

  public Forward withCache(KvCache newCache) {
    return new Forward(
        mask,
        topK,
        useRouterBias,
        newCache,
        trace,
        keepRouterLogits,
        dispatch,
        rowMasks,
        precision);
  }

  public Forward withTrace(RoutingTrace newTrace) {
    return new Forward(
        mask,
        topK,
        useRouterBias,
        cache,
        newTrace,
        keepRouterLogits,
        dispatch,
        rowMasks,
        precision);
  }

  public Forward keepingRouterLogits() {
    return new Forward(
        mask, topK, useRouterBias, cache, trace, true, dispatch, rowMasks, precision);
  }

  /** One mask per row of tokens, in row order; replaces {@link #mask()}. */
  public Forward withRowMasks(List<ExpertMask> masks) {
    return new Forward(
        null,
        topK,
        useRouterBias,
        cache,
        trace,
        keepRouterLogits,
        dispatch,
        List.copyOf(masks),
        precision);
  }

  public Forward withDispatch(Dispatch newDispatch) {
    return new Forward(
        mask,
        topK,
        useRouterBias,
        cache,
        trace,
        keepRouterLogits,
        newDispatch,
        rowMasks,
        precision);
  }

  public Forward withPrecision(Precision newPrecision) {
    return new Forward(
        mask,
        topK,
        useRouterBias,
        cache,
        trace,
        keepRouterLogits,
        dispatch,
        rowMasks,
        newPrecision);
  }
}
