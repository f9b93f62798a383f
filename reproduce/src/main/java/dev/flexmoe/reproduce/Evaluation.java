package dev.flexmoe.reproduce;

import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.model.eval.Ensembles;
import dev.flexmoe.model.eval.RoutingShares;
import dev.flexmoe.model.nn.ExpertMask;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import dev.flexmoe.model.nn.RoutingTrace;
import dev.flexmoe.model.workflow.MergeModels;
import java.util.ArrayList;
import java.util.List;

/**
 * The evaluation half of the reproduction: every trained system scored on every domain's validation
 * text, as the comparison table, the opt-out table (each expert switched off), the top-k table and
 * the routing shares of FlexOlmo.
 */
final class Evaluation {

  /** Row labels of the comparison table. */
  private static final String PUBLIC = "public model";

  private static final String SOUP_UNIFORM = "model soup (uniform)";
  private static final String SOUP_WEIGHTED = "model soup (likelihood-weighted)";
  private static final String BTM = "BTM (top-2)";
  private static final String CLASSIFIER = "classifier routing";
  private static final String NO_COORDINATION = "no coordination";
  private static final String FLEXOLMO = "FlexOlmo (bias dropped)";
  private static final String FLEXOLMO_BIAS = "FlexOlmo (bias kept)";
  private static final String FLEXOLMO_RT = "FlexOlmo + router tuning";
  private static final String UNRESTRICTED = "unrestricted MoE";

  /** The released FlexOlmo models drop the experts' train-time router biases. */
  private static final Forward BIAS_DROPPED = Forward.defaults().withRouterBias(false);

  private final Scale scale;
  private final StepRunner steps;
  private final Scores scores;

  /**
   * @param capped the step that wrote the validation text {@code validation} was loaded from
   */
  Evaluation(Scale scale, StepRunner steps, StepCache.Step capped, ValidationSet validation) {
    this.scale = scale;
    this.steps = steps;
    this.scores = new Scores(steps, capped, validation);
  }

  Reproduction.Outcome evaluate(TrainedSystems systems) {
    Forward plain = Forward.defaults();
    List<ScoreRow> rows = new ArrayList<>();
    Scores.LogProbs publicScores = scores.of("public", systems.publicModel(), plain);
    rows.add(scores.row(PUBLIC, publicScores));
    for (var expert : systems.experts().entrySet()) {
      String domain = expert.getKey();
      StepCache.Step single = singleExpertModel(systems.publicModel(), domain, expert.getValue());
      rows.add(scored("expert: " + domain, "single-" + domain, single, plain));
    }
    // Candidates of the per-document baselines: the public model and the dense domain models.
    List<Scores.LogProbs> candidates = new ArrayList<>(List.of(publicScores));
    for (var model : systems.dense().entrySet()) {
      candidates.add(scores.of("dense-" + model.getKey(), model.getValue(), plain));
    }
    rows.add(scored(SOUP_UNIFORM, "soup-uniform", systems.uniformSoup(), plain));
    rows.add(
        scores.row(
            SOUP_WEIGHTED,
            WeightedSoup.score(scores, systems.publicModel(), systems.dense(), candidates)));
    rows.add(scores.perDocument(BTM, candidates, Ensembles::btmTopTwo));
    rows.add(scores.perDocument(CLASSIFIER, candidates, Ensembles::classifierRouted));
    rows.add(scored(NO_COORDINATION, "no-coordination", systems.noCoordination(), plain));
    ScoreRow flexOlmo = scored(FLEXOLMO, "flexolmo", systems.flexOlmo(), BIAS_DROPPED);
    rows.add(flexOlmo);
    rows.add(scored(FLEXOLMO_BIAS, "flexolmo-bias", systems.flexOlmoBias(), plain));
    rows.add(scored(FLEXOLMO_RT, "router-tuned", systems.routerTuned(), plain));
    rows.add(scored(UNRESTRICTED, "unrestricted", systems.unrestricted(), plain));
    return new Reproduction.Outcome(
        new ComparisonTable(FlexMixData.DOMAINS, rows, PUBLIC),
        optOut(systems.flexOlmo(), flexOlmo),
        topK(systems.flexOlmo(), flexOlmo),
        routing(systems.flexOlmo()),
        steps.steps());
  }

  /** The row of a system: the checkpoint a step wrote, scored (as {@code eval-<name>}). */
  private ScoreRow scored(String system, String name, StepCache.Step model, Forward forward) {
    return scores.row(system, scores.of(name, model, forward));
  }

  /** The expert's own model: public + this expert, with the bias it was trained with. */
  private StepCache.Step singleExpertModel(
      StepCache.Step publicModel, String domain, StepCache.Step expert) {
    return steps.run(
        "single-" + domain,
        List.of(publicModel.key(), expert.key()),
        (out, ck) ->
            MergeModels.run(
                publicModel.out(), List.of(expert.out()), "expert-" + domain, 1, 2, true, out));
  }

  /** FlexOlmo with each expert switched off in turn. */
  private OptOutTable optOut(StepCache.Step flexOlmo, ScoreRow full) {
    int experts = FlexMixData.EXPERT_DOMAINS.size() + 1;
    List<ScoreRow> without = new ArrayList<>();
    for (int j = 1; j < experts; j++) {
      String domain = FlexMixData.EXPERT_DOMAINS.get(j - 1);
      Forward masked = BIAS_DROPPED.withMask(ExpertMask.excluding(experts, List.of(j)));
      without.add(scored(domain, "flexolmo-without-" + domain, flexOlmo, masked));
    }
    return new OptOutTable(FlexMixData.DOMAINS, full, without);
  }

  /** FlexOlmo with k = 1 .. all experts active per token (the merged k is already scored). */
  private TopKTable topK(StepCache.Step flexOlmo, ScoreRow atMergedK) {
    int experts = FlexMixData.EXPERT_DOMAINS.size() + 1;
    List<Integer> ks = new ArrayList<>();
    List<ScoreRow> rows = new ArrayList<>();
    for (int k = 1; k <= experts; k++) {
      ks.add(k);
      rows.add(
          k == scale.topK()
              ? new ScoreRow("k = " + k, atMergedK.bitsPerByte())
              : scored("k = " + k, "flexolmo-k" + k, flexOlmo, BIAS_DROPPED.withTopK(k)));
    }
    return new TopKTable(FlexMixData.DOMAINS, ks, rows);
  }

  /** Which experts each domain's tokens are routed to in FlexOlmo, per layer. */
  private RoutingTable routing(StepCache.Step flexOlmo) {
    List<String> experts = new ArrayList<>(List.of("public"));
    experts.addAll(FlexMixData.EXPERT_DOMAINS);
    List<String> domains = FlexMixData.DOMAINS;
    try (NDManager manager = NDManager.newBaseManager()) {
      FlexOlmoModel net = new FlexOlmoModel(HfCheckpoint.read(flexOlmo.out(), manager));
      double[][][] share = new double[domains.size()][][];
      for (int d = 0; d < domains.size(); d++) {
        RoutingTrace trace =
            RoutingShares.measure(net, scores.validation().of(domains.get(d)), BIAS_DROPPED);
        share[d] = new double[trace.layers()][trace.experts()];
        for (int layer = 0; layer < trace.layers(); layer++) {
          for (int expert = 0; expert < trace.experts(); expert++) {
            share[d][layer][expert] = trace.share(layer, expert);
          }
        }
      }
      return new RoutingTable(domains, experts, share);
    }
  }
}
