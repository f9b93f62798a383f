package dev.flexmoe.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import java.util.ArrayList;
import java.util.List;

/**
 * The FlexOlmo mixture of experts: {@code y = sum over the top-k experts of p_i * M_i(h)}, where
 * {@code p} is the softmax over all (unmasked) experts and the kept probabilities are not
 * renormalized unless the config says so.
 *
 * <p>Dispatch is sparse: token-expert pairs are sorted by expert, each expert runs once on exactly
 * its tokens, and the results are put back in token order, so the FFN cost grows with k and not
 * with the number of experts. When every expert is active for every token (k = E, as in expert
 * training) the sorting is skipped and each expert runs on all tokens; a single token (decoding)
 * goes straight to its k experts.
 */
final class MoeLayer {

  private final Router router;
  private final List<SwiGluExpert> experts = new ArrayList<>();
  private final int layer;
  private final int topK;
  private final boolean renormalize;

  MoeLayer(ModelWeights weights, int layer) {
    FlexOlmoConfig config = weights.config();
    this.router = new Router(weights, layer);
    for (int expert = 0; expert < config.numExperts(); expert++) {
      experts.add(new SwiGluExpert(weights, layer, expert));
    }
    this.layer = layer;
    this.topK = config.numExpertsPerTok();
    this.renormalize = config.normTopkProb();
  }

  /**
   * @param h residuals [N, d]
   * @param routerLogits if not null, receives this layer's router logits (for the z-loss)
   * @return [N, d]
   */
  NDArray forward(NDArray h, Forward options, List<NDArray> routerLogits) {
    ExpertMasks masks = ExpertMasks.of(options, h.getShape().get(0), experts.size());
    NDArray logits = router.logits(h, options.useRouterBias(), masks);
    if (routerLogits != null) {
      routerLogits.add(logits);
    }
    NDArray probabilities = logits.softmax(-1);
    // With one mask per row, a row with fewer active experts than k gets excluded ones among its
    // top k at probability exactly 0: they add 0 and the row equals its own pass with its k.
    int active = masks.maxActive();
    int k = masks.topK(options, topK);
    if (active == 1) {
      // Only the public expert is on: its softmax weight is exactly 1, and running it directly
      // makes the model equal, bit for bit, to the dense public model.
      NDArray publicWeight = probabilities.get(new NDIndex(":, 0:1"));
      if (options.trace() != null) {
        options.trace().recordExpert(layer, 0, publicWeight);
      }
      return experts.get(0).forward(h, options.precision()).mul(publicWeight);
    }
    if (k == experts.size() && !renormalize && options.dispatch() == Dispatch.AUTO) {
      return denseMixture(h, probabilities, options.trace(), options.precision());
    }
    NDList top = probabilities.topK(k, -1, true, true);
    NDArray weights = top.get(0); // [N, k]
    NDArray indices = top.get(1); // [N, k] int64
    if (renormalize) {
      weights = weights.div(weights.sum(new int[] {-1}, true));
    }
    long[] chosen = null;
    if (options.trace() != null) {
      chosen = indices.toLongArray();
      options.trace().record(layer, chosen, weights);
    }
    if (h.getShape().get(0) == 1 && options.dispatch() == Dispatch.AUTO) {
      return singleToken(
          h, weights, chosen != null ? chosen : indices.toLongArray(), options.precision());
    }
    return sortedDispatch(h, weights, indices, k, options.precision());
  }

  /**
   * Decoding one token: its k experts run directly, without the sorting machinery that pays off
   * only when there are many tokens.
   */
  private NDArray singleToken(NDArray h, NDArray weights, long[] chosen, Precision precision) {
    NDArray sum = null;
    for (int j = 0; j < chosen.length; j++) {
      NDArray share = weights.get(new NDIndex(":, {}:{}", j, j + 1));
      NDArray contribution = experts.get((int) chosen[j]).forward(h, precision).mul(share);
      sum = sum == null ? contribution : sum.add(contribution);
    }
    return sum;
  }

  private NDArray denseMixture(
      NDArray h, NDArray probabilities, RoutingTrace trace, Precision precision) {
    NDArray sum = null;
    for (int expert = 0; expert < experts.size(); expert++) {
      NDArray share = probabilities.get(new NDIndex(":, {}:{}", expert, expert + 1));
      NDArray contribution = experts.get(expert).forward(h, precision).mul(share);
      sum = sum == null ? contribution : sum.add(contribution);
    }
    if (trace != null) {
      trace.recordEveryExpert(layer, probabilities);
    }
    return sum;
  }

  private NDArray sortedDispatch(
      NDArray h, NDArray weights, NDArray indices, int k, Precision precision) {
    NDManager manager = h.getManager();
    long tokens = h.getShape().get(0);
    NDArray flatExperts = indices.flatten(); // [N*k], pair p = token p / k
    NDArray order = flatExperts.argSort(0, true);
    NDArray tokenOfPair =
        manager.arange(0, (int) tokens, 1, DataType.INT64).expandDims(1).repeat(1, k).flatten();
    NDArray sortedTokens = tokenOfPair.get(order);
    long[] sortedExperts = flatExperts.get(order).toLongArray();

    NDArray gathered = h.get(sortedTokens); // [N*k, d], grouped by expert
    List<NDArray> outputs = new ArrayList<>();
    int start = 0;
    while (start < sortedExperts.length) {
      int expert = (int) sortedExperts[start];
      int end = start;
      while (end < sortedExperts.length && sortedExperts[end] == expert) {
        end++;
      }
      outputs.add(
          experts.get(expert).forward(gathered.get(new NDIndex("{}:{}", start, end)), precision));
      start = end;
    }
    NDArray sortedOutputs =
        outputs.size() == 1
            ? outputs.get(0)
            : ai.djl.ndarray.NDArrays.concat(new NDList(outputs), 0);
    NDArray sortedWeights = weights.flatten().get(order).expandDims(1);
    NDArray weighted = sortedOutputs.mul(sortedWeights);
    NDArray unsorted = weighted.get(order.argSort(0, true)); // back to pair order
    return unsorted.reshape(tokens, k, h.getShape().get(1)).sum(new int[] {1});
  }
}
