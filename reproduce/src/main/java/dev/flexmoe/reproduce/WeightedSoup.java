package dev.flexmoe.reproduce;

import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.model.artifact.ModelSoups;
import dev.flexmoe.model.eval.Ensembles;
import dev.flexmoe.model.eval.TokenLogProbs;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The likelihood-weighted soup baseline: for each document its own soup of the public and dense
 * models, weighted by each one's likelihood of the document's prefix ({@link
 * Ensembles#prefixWeights}), and the document scored with it.
 */
final class WeightedSoup {

  private WeightedSoup() {}

  /**
   * @param candidates the scores of the public model and the dense models, in the order of {@code
   *     publicModel} followed by {@code dense}
   */
  static Scores.LogProbs score(
      Scores scores,
      String name,
      StepCache.Step publicModel,
      Map<String, StepCache.Step> dense,
      ModelSoups.Mix mix,
      List<Scores.LogProbs> candidates) {
    List<String> inputs = new ArrayList<>(List.of(publicModel.key(), mix.name()));
    dense.values().forEach(step -> inputs.add(step.key()));
    ValidationSet validation = scores.validation();
    return scores.cached(
        "eval-" + name,
        inputs,
        out -> {
          try (NDManager manager = NDManager.newBaseManager()) {
            ModelWeights soup = HfCheckpoint.read(publicModel.out(), manager);
            List<float[][]> ingredients = new ArrayList<>();
            ingredients.add(ModelSoups.ingredient(soup, mix));
            for (StepCache.Step model : dense.values()) {
              try (NDManager loading = manager.newSubManager()) {
                ingredients.add(
                    ModelSoups.ingredient(HfCheckpoint.read(model.out(), loading), mix));
              }
            }
            FlexOlmoModel net = new FlexOlmoModel(soup);
            for (String domain : validation.sets()) {
              List<float[]> documents = new ArrayList<>();
              for (int d = 0; d < validation.of(domain).size(); d++) {
                ModelSoups.setWeighted(
                    soup,
                    ingredients,
                    Ensembles.prefixWeights(Scores.ofDocument(candidates, domain, d)),
                    mix);
                documents.add(
                    TokenLogProbs.of(
                            net,
                            List.of(validation.of(domain).get(d)),
                            validation.startToken(),
                            Forward.defaults())
                        .get(0));
              }
              TokenLogProbFiles.write(documents, out.resolve(domain + ".bin"));
            }
          }
        });
  }
}
