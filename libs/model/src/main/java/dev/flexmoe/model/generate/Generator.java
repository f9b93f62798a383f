package dev.flexmoe.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import dev.flexmoe.model.nn.KvCache;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Continues a prompt token by token: the prompt runs once through the model filling a KV cache
 * (prefill), then each new token costs one single-token pass (decode).
 */
public final class Generator {

  private Generator() {}

  /**
   * @param prompt token ids, at least one
   * @param maxNewTokens upper bound on generated tokens (the context also bounds them)
   * @param stop ends generation after a token it accepts (e.g. end-of-document); the token is kept
   * @param forward expert mask and k; its cache is replaced by the generator's own
   * @return the generated token ids, prompt excluded
   */
  public static List<Integer> generate(
      FlexOlmoModel model,
      int[] prompt,
      int maxNewTokens,
      Sampling sampling,
      IntPredicate stop,
      Forward forward) {
    if (prompt.length == 0) {
      throw new IllegalArgumentException("the prompt needs at least one token");
    }
    int context = model.config().maxPositionEmbeddings();
    if (prompt.length >= context) {
      throw new IllegalArgumentException(
          "the prompt has " + prompt.length + " tokens; the context holds " + context);
    }
    int budget = Math.min(maxNewTokens, context - prompt.length);
    Sampling.Sampler sampler = sampling.sampler();
    List<Integer> generated = new ArrayList<>();
    NDManager parent = model.weights().manager().getParentManager();
    try (KvCache cache = new KvCache(parent, model.config())) {
      Forward cached = forward.withCache(cache);
      long[] next = new long[prompt.length];
      for (int i = 0; i < prompt.length; i++) {
        next[i] = prompt[i];
      }
      while (generated.size() < budget) {
        int token;
        try (NDManager scope = parent.newSubManager()) {
          NDArray logits =
              model.forward(scope.create(next, new Shape(1, next.length)), cached).logits();
          token = sampler.next(logits.get(new NDIndex("0, -1")));
        }
        generated.add(token);
        if (stop.test(token)) {
          break;
        }
        next = new long[] {token};
      }
    }
    return generated;
  }
}
