package dev.flexmoe.reproduce;

import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.model.artifact.ModelSoups.Mix;
import dev.flexmoe.model.eval.Ensembles;
import dev.flexmoe.model.eval.RoutingShares;
import dev.flexmoe.model.nn.ExpertMask;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import dev.flexmoe.model.nn.RoutingTrace;
import dev.flexmoe.model.workflow.MergeModels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluation half of the reproduction: every trained system scored on every domain's validation
 * text (after each document's routing prefix), as the comparison table with each system's paired
 * difference to FlexOlmo, the mixed-domain windows, the four-expert setting, the opt-out table
 * (each expert switched off) with its differences to the full model, the top-k table and the
 * routing shares of FlexOlmo.
 */
final class Evaluation {

  /** Row labels of the comparison table. */
  private static final String PUBLIC = "public model";

  private static final String SOUP_UNIFORM = "model soup (uniform)";
  private static final String SOUP_WEIGHTED = "model soup (likelihood-weighted)";
  private static final String BTM = "BTM (top-2)";
  private static final String CLASSIFIER = "classifier routing";

  /** Appended to the baselines made of the FFN-only dense models. */
  private static final String FFN_ONLY = " [FFN-only dense]";

  private static final String NO_COORDINATION = "no coordination";
  private static final String FLEXOLMO = "FlexOlmo (bias dropped)";
  private static final String FLEXOLMO_BIAS = "FlexOlmo (bias kept)";
  private static final String FLEXOLMO_FOUR = "FlexOlmo (public + 3 experts; k = 4)";
  private static final String FLEXOLMO_ALL = "FlexOlmo (all 7 experts; k = 4)";
  private static final String FLEXOLMO_RT = "FlexOlmo + router tuning";
  private static final String ROUTER_INIT = "FlexOlmo (router init: ";
  private static final String UNRESTRICTED = "unrestricted MoE";

  /** The released FlexOlmo models drop the experts' train-time router biases. */
  private static final Forward BIAS_DROPPED = Forward.defaults().withRouterBias(false);

  /** Fixed, so that a rerun prints the same intervals. */
  private static final long BOOTSTRAP_SEED = 20_250_701L;

  private final Scale scale;
  private final StepRunner steps;
  private final Scores scores;
  private final PairedBootstrap bootstrap =
      new PairedBootstrap(PairedBootstrap.RESAMPLES, BOOTSTRAP_SEED);

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
    // Every system's scores, in the table's row order.
    Map<String, Scores.LogProbs> scored = new LinkedHashMap<>();
    Scores.LogProbs publicScores = scores.of("public", systems.publicModel(), plain);
    scored.put(PUBLIC, publicScores);
    for (var expert : systems.experts().entrySet()) {
      String domain = expert.getKey();
      StepCache.Step single = singleExpertModel(systems.publicModel(), domain, expert.getValue());
      scored.put("expert: " + domain, scores.of("single-" + domain, single, plain));
    }
    // Candidates of the per-document baselines: the public model and the dense domain models.
    Map<String, Scores.LogProbs> dense = scored("dense-all-", systems.dense(), plain);
    List<Scores.LogProbs> candidates = candidates(publicScores, dense);
    List<Scores.LogProbs> ffnCandidates =
        candidates(publicScores, scored("dense-", systems.denseFfn(), plain));
    scored.putAll(
        denseBaselines(
            "",
            "",
            systems.publicModel(),
            new DenseModels(systems.dense(), Mix.ALL_TENSORS, systems.uniformSoup(), candidates)));
    scored.putAll(
        denseBaselines(
            FFN_ONLY,
            "-ffn",
            systems.publicModel(),
            new DenseModels(systems.denseFfn(), Mix.FFN, systems.uniformSoupFfn(), ffnCandidates)));
    scored.put(NO_COORDINATION, scores.of("no-coordination", systems.noCoordination(), plain));
    scored.put(FLEXOLMO, scores.of("flexolmo", systems.flexOlmo(), BIAS_DROPPED));
    scored.put(FLEXOLMO_BIAS, scores.of("flexolmo-bias", systems.flexOlmoBias(), plain));
    for (var variant : systems.routerInits().entrySet()) {
      scored.put(
          routerInitLabel(variant.getKey()),
          scores.of("flexolmo-" + variant.getKey(), variant.getValue(), BIAS_DROPPED));
    }
    scored.put(FLEXOLMO_RT, scores.of("router-tuned", systems.routerTuned(), plain));
    scored.put(UNRESTRICTED, scores.of("unrestricted", systems.unrestricted(), plain));

    Map<String, DocumentScores> documents = new LinkedHashMap<>();
    scored.forEach((system, logProbs) -> documents.put(system, scores.documents(logProbs)));
    List<ScoreRow> rows = rows(documents, FlexMixData.DOMAINS);
    DocumentScores flexOlmo = documents.get(FLEXOLMO);
    ScoreRow flexOlmoRow = flexOlmo.row(FLEXOLMO, FlexMixData.DOMAINS);
    Comparison mixed = mixed(scored);
    OptOut optOut = optOut(systems.flexOlmo(), flexOlmo, flexOlmoRow);
    Comparison four = fourExperts(systems, publicScores, dense, scored.get(FLEXOLMO));
    List<ScoreRow> routerInitRows = new ArrayList<>();
    for (ScoreRow row : rows) {
      if (row.system().equals(PUBLIC)
          || row.system().equals(FLEXOLMO)
          || row.system().startsWith(ROUTER_INIT)) {
        routerInitRows.add(row);
      }
    }
    return new Reproduction.Outcome(
        new ComparisonTable(FlexMixData.DOMAINS, rows, PUBLIC),
        new ComparisonTable(FlexMixData.DOMAINS, routerInitRows, PUBLIC),
        against(FLEXOLMO, documents, FlexMixData.DOMAINS),
        mixed.table(),
        mixed.differences(),
        four.table(),
        four.differences(),
        optOut.table(),
        optOut.differences(),
        topK(systems.flexOlmo(), flexOlmoRow),
        routing(systems.flexOlmo()),
        steps.steps());
  }

  /** A table and each of its systems' paired differences to the table's FlexOlmo. */
  private record Comparison(ComparisonTable table, DifferenceTable differences) {}

  /**
   * The {@link FourExperts} setting: FlexOlmo of the public model and three experts, k = 4, against
   * the baselines made of the same three domains' dense models, on those domains and the public
   * corpus; FlexOlmo of all seven experts for reference.
   */
  private Comparison fourExperts(
      TrainedSystems systems,
      Scores.LogProbs publicScores,
      Map<String, Scores.LogProbs> dense,
      Scores.LogProbs allExperts) {
    List<Scores.LogProbs> candidates = candidates(publicScores, FourExperts.of(dense));
    Map<String, Scores.LogProbs> scored = new LinkedHashMap<>();
    scored.put(PUBLIC, publicScores);
    scored.putAll(
        denseBaselines(
            "",
            "-four",
            systems.publicModel(),
            new DenseModels(
                FourExperts.of(systems.dense()),
                Mix.ALL_TENSORS,
                systems.uniformSoupFour(),
                candidates)));
    scored.put(FLEXOLMO_FOUR, scores.of("flexolmo-four", systems.flexOlmoFour(), BIAS_DROPPED));
    scored.put(FLEXOLMO_ALL, allExperts);
    Map<String, DocumentScores> documents = new LinkedHashMap<>();
    scored.forEach((system, logProbs) -> documents.put(system, scores.documents(logProbs)));
    return new Comparison(
        new ComparisonTable(FourExperts.COLUMNS, rows(documents, FourExperts.COLUMNS), PUBLIC),
        against(FLEXOLMO_FOUR, documents, FourExperts.COLUMNS));
  }

  /**
   * Dense domain models as the per-document baselines use them.
   *
   * @param mix the tensors the models were trained on, which their soups average
   * @param uniformSoup their uniform soup with the public model
   * @param candidates the public model's scores, then each model's
   */
  private record DenseModels(
      Map<String, StepCache.Step> models,
      Mix mix,
      StepCache.Step uniformSoup,
      List<Scores.LogProbs> candidates) {}

  /**
   * The baselines made of {@code dense}: the uniform and likelihood-weighted soups, BTM and
   * classifier routing, labelled with {@code labelSuffix}, their soups scored as {@code
   * eval-soup-uniform<stepSuffix>} and {@code eval-soup-weighted<stepSuffix>}.
   */
  private Map<String, Scores.LogProbs> denseBaselines(
      String labelSuffix, String stepSuffix, StepCache.Step publicModel, DenseModels dense) {
    Map<String, Scores.LogProbs> scored = new LinkedHashMap<>();
    scored.put(
        SOUP_UNIFORM + labelSuffix,
        scores.of("soup-uniform" + stepSuffix, dense.uniformSoup(), Forward.defaults()));
    scored.put(
        SOUP_WEIGHTED + labelSuffix,
        WeightedSoup.score(
            scores,
            "soup-weighted" + stepSuffix,
            publicModel,
            dense.models(),
            dense.mix(),
            dense.candidates()));
    scored.put(BTM + labelSuffix, scores.perDocument(dense.candidates(), Ensembles::btmTopTwo));
    scored.put(
        CLASSIFIER + labelSuffix,
        scores.perDocument(dense.candidates(), Ensembles::classifierRouted));
    return scored;
  }

  /** Each dense model's scores ({@code eval-<prefix><domain>}), by domain. */
  private Map<String, Scores.LogProbs> scored(
      String prefix, Map<String, StepCache.Step> models, Forward forward) {
    Map<String, Scores.LogProbs> scored = new LinkedHashMap<>();
    models.forEach(
        (domain, model) -> scored.put(domain, scores.of(prefix + domain, model, forward)));
    return scored;
  }

  /** The per-document baselines' candidates: the public model, then the dense models. */
  private static List<Scores.LogProbs> candidates(
      Scores.LogProbs publicScores, Map<String, Scores.LogProbs> dense) {
    List<Scores.LogProbs> candidates = new ArrayList<>(List.of(publicScores));
    candidates.addAll(dense.values());
    return candidates;
  }

  /** Every system on the mixed-domain windows, the two domains of a window apart. */
  private Comparison mixed(Map<String, Scores.LogProbs> scored) {
    ValidationSet validation = scores.validation();
    if (validation.of(ValidationSet.MIXED).isEmpty()) {
      throw new IllegalStateException(
          "no mixed-domain window: no domain has a passage of "
              + MixedWindows.HALF
              + " tokens; raise the scale's passage bytes");
    }
    List<String> halves = List.of(ValidationSet.FIRST_HALF, ValidationSet.SECOND_HALF);
    Map<String, DocumentScores> windows = new LinkedHashMap<>();
    scored.forEach(
        (system, logProbs) ->
            windows.put(system, validation.scoreMixed(logProbs.on(ValidationSet.MIXED))));
    return new Comparison(
        new ComparisonTable(halves, rows(windows, halves), PUBLIC),
        against(FLEXOLMO, windows, halves));
  }

  /** Each system's bits per byte on {@code domains}, in the order of {@code scores}. */
  private static List<ScoreRow> rows(Map<String, DocumentScores> scores, List<String> domains) {
    List<ScoreRow> rows = new ArrayList<>();
    scores.forEach((system, documents) -> rows.add(documents.row(system, domains)));
    return rows;
  }

  /** Every other system's paired difference to {@code flexOlmo} on {@code domains}. */
  private DifferenceTable against(
      String flexOlmo, Map<String, DocumentScores> scores, List<String> domains) {
    DocumentScores reference = scores.get(flexOlmo);
    List<DifferenceTable.Row> differences = new ArrayList<>();
    scores.forEach(
        (system, documents) -> {
          if (!system.equals(flexOlmo)) {
            differences.add(DifferenceTable.row(system, documents, reference, domains, bootstrap));
          }
        });
    return new DifferenceTable(flexOlmo, domains, differences);
  }

  /** The row of a router-init variant, by the initialization's name. */
  private static String routerInitLabel(String name) {
    // No commas: the labels are CSV fields.
    return ROUTER_INIT
        + switch (name) {
          case "random" -> "random std 0.002";
          case "tfidf" -> "external n-gram TF-IDF";
          case "minus-public" -> "domain minus public";
          default -> name;
        }
        + ")";
  }

  /** The row of a system: the checkpoint a step wrote, scored (as {@code eval-<name>}). */
  private ScoreRow scored(String system, String name, StepCache.Step model, Forward forward) {
    return scores.documents(scores.of(name, model, forward)).row(system, FlexMixData.DOMAINS);
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

  /** The opt-out table and each removed expert's paired differences to the full model. */
  private record OptOut(OptOutTable table, DifferenceTable differences) {}

  /** FlexOlmo with each expert switched off in turn. */
  private OptOut optOut(StepCache.Step flexOlmo, DocumentScores full, ScoreRow fullRow) {
    int experts = FlexMixData.EXPERT_DOMAINS.size() + 1;
    List<ScoreRow> without = new ArrayList<>();
    List<DifferenceTable.Row> differences = new ArrayList<>();
    for (int j = 1; j < experts; j++) {
      String domain = FlexMixData.EXPERT_DOMAINS.get(j - 1);
      Forward masked = BIAS_DROPPED.withMask(ExpertMask.excluding(experts, List.of(j)));
      DocumentScores scoresWithout =
          scores.documents(scores.of("flexolmo-without-" + domain, flexOlmo, masked));
      without.add(scoresWithout.row(domain, FlexMixData.DOMAINS));
      differences.add(
          DifferenceTable.row(
              "without " + domain, scoresWithout, full, FlexMixData.DOMAINS, bootstrap));
    }
    return new OptOut(
        new OptOutTable(FlexMixData.DOMAINS, fullRow, without),
        new DifferenceTable("full model", FlexMixData.DOMAINS, differences));
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
