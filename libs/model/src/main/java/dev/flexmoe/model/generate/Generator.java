package dev.flexmoe.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.flexmoe.model.nn.DecodeBatch;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import dev.flexmoe.model.nn.KvCache;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Continues a prompt token by token: the prompt runs once through the model filling a KV cache
 * (prefill), then each new token costs one single-token decode step ({@link FlexOlmoModel#decode}
 * on a batch of one).
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
    if (budget <= 0) {
      return generated;
    }
    NDManager parent = model.weights().manager().getParentManager();
    try (DecodeBatch batch = new DecodeBatch(parent, model.config(), 1)) {
      KvCache cache = batch.join();
      long[] ids = new long[prompt.length];
      for (int i = 0; i < prompt.length; i++) {
        ids[i] = prompt[i];
      }
      int token;
      try (NDManager scope = parent.newSubManager()) {
        NDArray logits =
            model
                .forward(scope.create(ids, new Shape(1, ids.length)), forward.withCache(cache))
                .logits();
        token = sampler.next(logits.get(new NDIndex("0, -1")));
      }
      generated.add(token);
      while (generated.size() < budget && !stop.test(token)) {
        try (NDManager scope = parent.newSubManager()) {
          NDArray logits =
              model.decode(
                  scope.create(new long[] {token}, new Shape(1, 1)),
                  batch,
                  List.of(cache),
                  forward);
          token = sampler.next(logits.get(0));
        }
        generated.add(token);
      }
    }
    return generated;
  }
}
