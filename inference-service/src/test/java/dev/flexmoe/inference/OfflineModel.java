package dev.flexmoe.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.artifact.ExpertWeights;
import dev.flexmoe.model.artifact.Merger;
import dev.flexmoe.model.generate.Generator;
import dev.flexmoe.model.generate.Sampling;
import dev.flexmoe.model.nn.ExpertMask;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import dev.flexmoe.model.workflow.LoadedModel;
import java.util.List;

/**
 * The reference the API is held to: the marketplace's experts merged offline by libs/model, run
 * with only the given ones kept, as {@code flexmoe generate} and {@code flexmoe eval} would.
 */
final class OfflineModel {

  private OfflineModel() {}

  /** The greedy completion of {@code prompt} by the public model and {@code kept} experts. */
  static String complete(Marketplace marketplace, List<String> kept, long[] prompt, int tokens) {
    try (LoadedModel loaded = LoadedModel.open(marketplace.publicDir());
        NDManager manager = NDManager.newBaseManager()) {
      ModelWeights merged = merged(marketplace, loaded, manager);
      int[] ids = new int[prompt.length];
      for (int i = 0; i < prompt.length; i++) {
        ids[i] = (int) prompt[i];
      }
      long eos = loaded.tokenizer().eosId();
      List<Integer> generated =
          Generator.generate(
              new FlexOlmoModel(merged),
              ids,
              tokens,
              Sampling.greedy(),
              token -> token == eos,
              Forward.defaults().withMask(mask(marketplace, kept)));
      return loaded
          .tokenizer()
          .decode(generated.stream().filter(t -> t != eos).mapToLong(Integer::longValue).toArray());
    }
  }

  /**
   * The log probability of each prompt token from the second on, given the ones before it, under
   * the merged model with only {@code kept} experts.
   */
  static float[] promptLogprobs(Marketplace marketplace, List<String> kept, long[] prompt) {
    try (LoadedModel loaded = LoadedModel.open(marketplace.publicDir());
        NDManager manager = NDManager.newBaseManager()) {
      NDArray logprobs =
          new FlexOlmoModel(merged(marketplace, loaded, manager))
              .forward(
                  manager.create(prompt, new Shape(1, prompt.length)),
                  Forward.defaults().withMask(mask(marketplace, kept)))
              .logits()
              .logSoftmax(-1);
      float[] scores = new float[prompt.length - 1];
      for (int i = 1; i < prompt.length; i++) {
        scores[i - 1] = logprobs.getFloat(0, i - 1, prompt[i]);
      }
      return scores;
    }
  }

  private static ModelWeights merged(
      Marketplace marketplace, LoadedModel loaded, NDManager manager) {
    ModelWeights publicWeights = loaded.weights();
    ExpertWeights news = marketplace.news().weights(publicWeights.config(), manager);
    ExpertWeights code = marketplace.code().weights(publicWeights.config(), manager);
    return Merger.merge(
        publicWeights,
        List.of(news, code),
        List.of(marketplace.newsId(), marketplace.codeId()),
        2,
        false,
        manager);
  }

  private static ExpertMask mask(Marketplace marketplace, List<String> kept) {
    List<String> ids = List.of(marketplace.newsId(), marketplace.codeId());
    return ExpertMask.only(3, kept.stream().map(id -> ids.indexOf(id) + 1).toList());
  }
}
