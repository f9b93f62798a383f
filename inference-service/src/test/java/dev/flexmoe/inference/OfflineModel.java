package dev.flexmoe.inference;

import ai.djl.ndarray.NDManager;
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
 * The reference the API is held to: the marketplace's experts merged offline by libs/model with
 * only the given ones kept, then decoded greedily as {@code flexmoe generate} would.
 */
final class OfflineModel {

  private OfflineModel() {}

  /** The greedy completion of {@code prompt} by the public model and {@code kept} experts. */
  static String complete(Marketplace marketplace, List<String> kept, long[] prompt, int tokens) {
    try (LoadedModel loaded = LoadedModel.open(marketplace.publicDir());
        NDManager manager = NDManager.newBaseManager()) {
      ModelWeights publicWeights = loaded.weights();
      ExpertWeights news = marketplace.news().weights(publicWeights.config(), manager);
      ExpertWeights code = marketplace.code().weights(publicWeights.config(), manager);
      List<String> ids = List.of(marketplace.newsId(), marketplace.codeId());
      ModelWeights merged =
          Merger.merge(publicWeights, List.of(news, code), ids, 2, false, manager);
      ExpertMask mask = ExpertMask.only(3, kept.stream().map(id -> ids.indexOf(id) + 1).toList());
      int[] ids32 = new int[prompt.length];
      for (int i = 0; i < prompt.length; i++) {
        ids32[i] = (int) prompt[i];
      }
      long eos = loaded.tokenizer().eosId();
      List<Integer> generated =
          Generator.generate(
              new FlexOlmoModel(merged),
              ids32,
              tokens,
              Sampling.greedy(),
              token -> token == eos,
              Forward.defaults().withMask(mask));
      return loaded
          .tokenizer()
          .decode(generated.stream().filter(t -> t != eos).mapToLong(Integer::longValue).toArray());
    }
  }
}
